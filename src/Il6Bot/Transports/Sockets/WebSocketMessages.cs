using System.Buffers;
using System.Net.WebSockets;

namespace Il6Bot.Transports.Sockets;

/// <summary>Whole-message reads and polite closes for the transports' client WebSockets.</summary>
public static class WebSocketMessages
{
    /// <summary>Reads one complete text message, reassembling frames.</summary>
    /// <returns>The message, or null when the peer sent a close frame.</returns>
    /// <exception cref="WebSocketException">The message is larger than <paramref name="maxBytes"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>?> ReceiveAsync(
        WebSocket socket, ArrayBufferWriter<byte> buffer, int maxBytes, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > maxBytes)
            {
                throw new WebSocketException(WebSocketError.Faulted, $"message larger than {maxBytes} bytes");
            }

            if (result.EndOfMessage)
            {
                return buffer.WrittenMemory;
            }
        }
    }

    /// <summary>
    /// Sends a close frame without waiting for the peer's answer. A dead peer must not hold up a reconnect
    /// or a shutdown, so the send gives up after <paramref name="timeout"/> and the caller aborts the socket.
    /// </summary>
    public static async Task CloseOutputQuietlyAsync(
        WebSocket socket, SemaphoreSlim sendLock, int code, string description, TimeSpan timeout, TimeProvider time)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        try
        {
            await sendLock.WaitAsync(timeoutSource.Token).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, description, timeoutSource.Token).ConfigureAwait(false);
            }
            finally
            {
                sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is being given up either way.
        }
    }
}
