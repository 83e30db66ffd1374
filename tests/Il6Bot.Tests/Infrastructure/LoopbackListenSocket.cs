using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// A socket listening on 127.0.0.1 at a port the OS picked, for a host whose settings must name its own address before
/// it starts (<c>Slack:PublicUrl</c>): the host's Kestrel serves <see cref="Url"/> on this very socket instead of
/// binding one of its own. The port is held from the pick until the host serves on it; picking a free port, releasing
/// it and having the host bind it later leaves a gap in which any other process may take it.
/// </summary>
public sealed class LoopbackListenSocket : IDisposable
{
    private Socket? _socket;

    public LoopbackListenSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

            // Listening at once: a port with a listening socket on it cannot be bound again, not even with SO_REUSEADDR.
            socket.Listen();
            EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>, for the host's <c>urls</c> and whatever setting names its address.</summary>
    public string Url => $"http://127.0.0.1:{EndPoint.Port}";

    /// <summary>Makes the host's Kestrel take this socket for <see cref="Url"/>; it owns the socket from then on.</summary>
    public void HandTo(WebApplicationBuilder builder) =>
        builder.WebHost.UseSockets(options =>
        {
            var bind = options.CreateBoundListenSocket;
            options.CreateBoundListenSocket = endpoint => endpoint.Equals(EndPoint) ? Take() : bind(endpoint);
        });

    /// <summary>Closes the socket unless a host took it (say, because the host failed to start).</summary>
    public void Dispose() => Interlocked.Exchange(ref _socket, null)?.Dispose();

    private Socket Take() =>
        Interlocked.Exchange(ref _socket, null) ?? throw new InvalidOperationException($"{Url} was handed to a server already");
}
