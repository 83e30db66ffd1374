using System.Buffers;
using System.Net.WebSockets;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// One Gateway WebSocket, a new one for every connection attempt: sends one at a time, closes politely, and
/// beats the heartbeat, dropping the socket as a zombie when an ACK goes missing.
/// </summary>
internal sealed partial class GatewayConnection(
    ClientWebSocket socket, GatewaySession session, TimeProvider time, Random random, ILogger logger) : IDisposable
{
    /// <summary>A dead peer must not hold up a reconnect or a shutdown for longer than this.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _abort = new(Timeout.InfiniteTimeSpan, time);
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private Task _heartbeat = Task.CompletedTask;
    private volatile bool _acked;
    private volatile bool _zombie;
    private volatile bool _shuttingDown;

    public ClientWebSocket Socket { get; } = socket;

    public ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

    /// <summary>Cancelled to abort the socket: ClientWebSocket aborts on any cancelled receive or send.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>True once a heartbeat went unacknowledged and the socket was dropped for it.</summary>
    public bool Zombie => _zombie;

    /// <summary>True once the host began shutting down this connection.</summary>
    public bool ShuttingDown => _shuttingDown;

    public void HeartbeatAcknowledged() => _acked = true;

    public void StartHeartbeat(TimeSpan interval) => _heartbeat = HeartbeatLoopAsync(interval);

    public async Task StopHeartbeatAsync()
    {
        await _stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
    }

    public Task SendHeartbeatAsync() => SendAsync(session.Heartbeat());

    public Task SendIdentifyAsync() => SendAsync(session.Identify());

    public Task SendResumeAsync() => SendAsync(session.Resume());

    public Task CloseAsync(int code, string description) =>
        WebSocketMessages.CloseOutputQuietlyAsync(Socket, _sendLock, code, description, CloseTimeout, time);

    public async Task CloseForShutdownAsync()
    {
        // 1000 tells Discord the session is over; the receive loop then sees the peer's close frame.
        _shuttingDown = true;
        await CloseAsync((int)WebSocketCloseStatus.NormalClosure, "shutting down").ConfigureAwait(false);
        try
        {
            _abort.CancelAfter(CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended on its own meanwhile.
        }
    }

    public void Dispose()
    {
        _sendLock.Dispose();
        _abort.Dispose();
        _stopHeartbeat.Dispose();
    }

    private async Task SendAsync(byte[] message)
    {
        await _sendLock.WaitAsync(_abort.Token).ConfigureAwait(false);
        try
        {
            await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval)
    {
        var token = _stopHeartbeat.Token;
        try
        {
            // Discord asks for the first beat after interval × random(0..1), so shards that connected
            // together don't beat together.
            var wait = Task.Delay(interval * random.NextDouble(), time, token);
            _acked = true;
            while (true)
            {
                await wait.ConfigureAwait(false);
                if (!_acked)
                {
                    _zombie = true;
                    LogZombie(interval.TotalMilliseconds);
                    await CloseAsync(GatewayCloseCodes.ClientResumable, "heartbeat ACK missing").ConfigureAwait(false);
                    await _abort.CancelAsync().ConfigureAwait(false);
                    return;
                }

                _acked = false;
                // Armed before sending so the cadence doesn't drift by the time a send takes.
                wait = Task.Delay(interval, time, token);
                await SendHeartbeatAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord Gateway: no heartbeat ACK within {IntervalMs} ms; dropping the zombie connection to resume")]
    private partial void LogZombie(double intervalMs);
}
