using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a plain socket, for what HttpClient will not send (a malformed chunk size, chunks of a chosen
/// size) and for many requests quickly on one keep-alive connection. Reconnects when the server closed.
/// </summary>
public sealed class RawHttpClient(Uri baseAddress) : IDisposable
{
    private readonly IPEndPoint _endPoint = new(IPAddress.Parse(baseAddress.Host), baseAddress.Port);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>A request with <c>Content-Length</c>.</summary>
    public static byte[] Post(string path, byte[] body, params (string Name, string Value)[] headers) =>
        [.. Head(path, headers, $"Content-Length: {body.Length}"), .. body];

    /// <summary>A chunked request: <paramref name="body"/> in chunks of <paramref name="chunkSize"/> bytes.</summary>
    public static byte[] PostChunked(string path, byte[] body, int chunkSize, params (string Name, string Value)[] headers)
    {
        var framed = new List<byte>(body.Length + (body.Length / chunkSize * 10) + 16);
        for (var offset = 0; offset < body.Length; offset += chunkSize)
        {
            var size = Math.Min(chunkSize, body.Length - offset);
            framed.AddRange(Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            framed.AddRange(body.AsSpan(offset, size));
            framed.AddRange("\r\n"u8);
        }

        framed.AddRange("0\r\n\r\n"u8);
        return PostFramed(path, [.. framed], headers);
    }

    /// <summary>A chunked request whose framing the caller writes, malformed or not.</summary>
    public static byte[] PostFramed(string path, byte[] framedBody, params (string Name, string Value)[] headers) =>
        [.. Head(path, headers, "Transfer-Encoding: chunked"), .. framedBody];

    private static byte[] Head(string path, (string Name, string Value)[] headers, string framing)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return Encoding.UTF8.GetBytes(head.Append("\r\n").ToString());
    }

    public async Task<RawHttpResponse> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _socket.ConnectAsync(_endPoint, cancellationToken);
            _start = _end = 0;
        }

        try
        {
            await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            return await ReadResponseAsync(cancellationToken);
        }
        catch
        {
            Close();
            throw;
        }
    }

    private async Task<RawHttpResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken);
        var status = int.Parse(statusLine.AsSpan(9, 3), CultureInfo.InvariantCulture);
        var contentLength = 0;
        var chunked = false;
        var close = false;
        for (var line = await ReadLineAsync(cancellationToken); line.Length > 0; line = await ReadLineAsync(cancellationToken))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            chunked |= name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            close |= name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Equals("close", StringComparison.OrdinalIgnoreCase);
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        var body = new List<byte>();
        if (chunked)
        {
            for (var size = await ReadChunkSizeAsync(cancellationToken); size > 0; size = await ReadChunkSizeAsync(cancellationToken))
            {
                body.AddRange(await ReadBytesAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }

            await ReadLineAsync(cancellationToken);
        }
        else
        {
            body.AddRange(await ReadBytesAsync(contentLength, cancellationToken));
        }

        if (close)
        {
            Close();
        }

        return new RawHttpResponse(status, Encoding.UTF8.GetString([.. body]), close);
    }

    private async Task<int> ReadChunkSizeAsync(CancellationToken cancellationToken) =>
        int.Parse((await ReadLineAsync(cancellationToken)).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int newline;
        while ((newline = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var line = Encoding.ASCII.GetString(_buffer, _start, newline);
        _start += newline + 2;
        return line;
    }

    private async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(count - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(result.AsSpan(filled));
            (filled, _start) = (filled + take, _start + take);
        }

        return result;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection before a whole response.");
        }

        _end += read;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();
}

/// <summary>A response as read off the socket; <see cref="Closed"/> when the server ended the connection with it.</summary>
public sealed record RawHttpResponse(int Status, string Body, bool Closed);
