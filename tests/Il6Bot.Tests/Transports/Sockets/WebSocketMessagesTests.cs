using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Tests.Transports.Sockets;

/// <summary>Whole-message reads over a real WebSocket pair on 127.0.0.1, with the frames split as a platform may split them.</summary>
public sealed class WebSocketMessagesTests : IAsyncLifetime
{
    private TcpClient _clientTcp = null!;
    private TcpClient _serverTcp = null!;
    private WebSocket _client = null!;
    private WebSocket _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            _clientTcp = new TcpClient();
            var accepting = listener.AcceptTcpClientAsync(Ct).AsTask();
            await _clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, Ct);
            _serverTcp = await accepting.Within10s();
        }
        finally
        {
            listener.Stop();
        }

        _client = WebSocket.CreateFromStream(_clientTcp.GetStream(), isServer: false, subProtocol: null, Timeout.InfiniteTimeSpan);
        _server = WebSocket.CreateFromStream(_serverTcp.GetStream(), isServer: true, subProtocol: null, Timeout.InfiniteTimeSpan);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _server.Dispose();
        _clientTcp.Dispose();
        _serverTcp.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_message_sent_in_several_frames_is_read_as_one()
    {
        await SendFramesAsync("{\"op\":0,", "\"t\":\"READY\",", "\"s\":1}");

        var message = await WebSocketMessages.ReceiveAsync(_client, new ArrayBufferWriter<byte>(), 1024, Ct).Within10s();

        Assert.Equal("""{"op":0,"t":"READY","s":1}""", Encoding.UTF8.GetString(message!.Value.Span));
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_even_when_each_frame_is_under_it()
    {
        await SendFramesAsync(new string('a', 10), new string('b', 10), new string('c', 10));

        var ex = await Assert.ThrowsAsync<WebSocketException>(
            () => WebSocketMessages.ReceiveAsync(_client, new ArrayBufferWriter<byte>(), 25, Ct).Within10s());

        Assert.Contains("larger than 25 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_frame_reads_as_no_message()
    {
        await _server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", Ct);

        Assert.Null(await WebSocketMessages.ReceiveAsync(_client, new ArrayBufferWriter<byte>(), 1024, Ct).Within10s());
    }

    private async Task SendFramesAsync(params string[] frames)
    {
        for (var i = 0; i < frames.Length; i++)
        {
            await _server.SendAsync(Encoding.UTF8.GetBytes(frames[i]), WebSocketMessageType.Text, endOfMessage: i == frames.Length - 1, Ct);
        }
    }
}
