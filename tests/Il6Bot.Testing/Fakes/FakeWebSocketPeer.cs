using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// The server side of one WebSocket accepted by a fake platform: the test sends JSON, reads what the client
/// sent, and sees how the client closed. Everything is awaited on events with a generous timeout.
/// </summary>
public class FakeWebSocketPeer : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<int?> _clientClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public FakeWebSocketPeer(WebSocket socket, string path, string query)
    {
        Socket = socket;
        Path = path;
        Query = query;
    }

    public WebSocket Socket { get; }

    public string Path { get; }

    public string Query { get; }

    /// <summary>
    /// When false, a close from the client is recorded but never answered and the connection is held open, as a
    /// peer that went silent (a zombie) would: the client has to give the socket up by itself.
    /// </summary>
    public bool AnswersClose { get; set; } = true;

    /// <summary>The close code the client sent, or null when the connection just dropped.</summary>
    public Task<int?> ClientClosed => _clientClosed.Task;

    public async Task SendAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next message from the client, in order.</summary>
    public async Task<JsonElement> ReceiveAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    /// <summary>True when nothing the client sent is waiting to be read.</summary>
    public bool NothingReceived => !_received.Reader.TryPeek(out _);

    /// <summary>Server-initiated close (e.g. a Discord close code).</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync();
        try
        {
            await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Reads until the client closes; the request stays open as long as this runs. The reads do not take
    /// <paramref name="cancellationToken"/> (the request's abort): they end with the connection, after what it carried.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    // Not with the request's abort token: Kestrel cancels RequestAborted as soon as the client's TCP
                    // connection ends, and a WebSocket read cancelled then drops what had already arrived, so a close
                    // frame the client sent just before dropping the socket (a zombie close, then abort) would be
                    // recorded as no close at all. Read untied, the close frame comes out before the end of the stream.
                    result = await Socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _clientClosed.TrySetResult((int?)Socket.CloseStatus);
                    if (!AnswersClose)
                    {
                        await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
                    }

                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await _sendLock.WaitAsync(cancellationToken);
                        try
                        {
                            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                        }
                        finally
                        {
                            _sendLock.Release();
                        }
                    }

                    return;
                }

                using var document = JsonDocument.Parse(buffer.AsMemory(0, count));
                await OnMessageAsync(document.RootElement.Clone());
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            _clientClosed.TrySetResult(null);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _sendLock.Dispose();
        GC.SuppressFinalize(this);
    }

    protected virtual Task OnMessageAsync(JsonElement message)
    {
        _received.Writer.TryWrite(message);
        return Task.CompletedTask;
    }
}
