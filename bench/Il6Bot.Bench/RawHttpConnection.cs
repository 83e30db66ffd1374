using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Il6Bot.Bench;

/// <summary>
/// A deliberately minimal HTTP/1.1 keep-alive client: writes pre-serialized request bytes and parses the
/// response (Content-Length or chunked). Much cheaper per request than HttpClient, so a load generator on one
/// core can saturate a server on the other core (the client's own CPU use is reported to prove it).
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private readonly EndPoint _endPoint;
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private byte[] _chunked = new byte[16 * 1024];

    public RawHttpConnection(EndPoint endPoint) => _endPoint = endPoint;

    /// <summary>Sends one request and reads its response. The body is valid until the next call.</summary>
    public async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(_endPoint, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _socket = socket;
            _start = _end = 0;
        }

        try
        {
            var sent = 0;
            while (sent < request.Length)
            {
                sent += await _socket.SendAsync(request.AsMemory(sent), SocketFlags.None, cancellationToken);
            }

            return await ReadResponseAsync(cancellationToken);
        }
        catch
        {
            Close();
            throw;
        }
    }

    private async ValueTask<(int Status, ReadOnlyMemory<byte> Body)> ReadResponseAsync(CancellationToken cancellationToken)
    {
        // Header block.
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync(cancellationToken);
        }

        var headerSpan = _buffer.AsSpan(_start, headerEnd);
        if (headerSpan.Length < 12 || !Utf8Parser.TryParse(headerSpan.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("Malformed status line: " + Encoding.ASCII.GetString(headerSpan[..Math.Min(headerSpan.Length, 40)]));
        }

        long contentLength = -1;
        var chunked = false;
        var close = false;
        foreach (var range in headerSpan.Split(Crlf))
        {
            var line = headerSpan[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new InvalidDataException("Malformed Content-Length.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) && value.IndexOf("chunked"u8) >= 0)
            {
                chunked = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                close = true;
            }
        }

        _start += headerEnd + HeaderEnd.Length;
        ReadOnlyMemory<byte> body;
        if (chunked)
        {
            body = await ReadChunkedAsync(cancellationToken);
        }
        else
        {
            var length = (int)Math.Max(contentLength, 0);
            while (_end - _start < length)
            {
                await FillAsync(cancellationToken);
            }

            body = _buffer.AsMemory(_start, length);
            _start += length;
        }

        if (close)
        {
            // Copy out before the buffer goes away with the connection.
            body = body.ToArray();
            Close();
        }

        return (status, body);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(Crlf)) < 0)
            {
                await FillAsync(cancellationToken);
            }

            var sizeText = _buffer.AsSpan(_start, lineEnd);
            var semi = sizeText.IndexOf((byte)';');
            if (semi >= 0)
            {
                sizeText = sizeText[..semi];
            }

            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
            {
                throw new InvalidDataException("Malformed chunk size.");
            }

            _start += lineEnd + 2;
            while (_end - _start < size + 2)
            {
                await FillAsync(cancellationToken);
            }

            if (size == 0)
            {
                _start += 2; // final CRLF (no trailers expected from Kestrel)
                return _chunked.AsMemory(0, written);
            }

            if (written + size > _chunked.Length)
            {
                Array.Resize(ref _chunked, Math.Max(_chunked.Length * 2, written + size));
            }

            _buffer.AsSpan(_start, size).CopyTo(_chunked.AsSpan(written));
            written += size;
            _start += size + 2;
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            throw new IOException("Connection closed by the server mid-response.");
        }

        _end += read;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();
}
