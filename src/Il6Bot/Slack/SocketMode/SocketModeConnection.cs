using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Il6Bot.Hosting;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Slack.SocketMode;

/// <summary>Why a connection stopped being the one to use.</summary>
/// <param name="DisconnectReason">Slack's <c>disconnect</c> reason (the socket still works meanwhile); null when it dropped.</param>
internal sealed record SocketModeEnd(string? DisconnectReason, string Description);

/// <summary>
/// One Socket Mode WebSocket. It acknowledges every envelope on the socket it arrived on, and keeps doing
/// so after Slack announced a <c>disconnect</c>, until it is retired — that is what lets a refresh
/// overlap two connections without dropping a command.
/// </summary>
internal sealed partial class SocketModeConnection : IAsyncDisposable
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Slack's ack deadline; nothing in flight can take longer than this to be acknowledged.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Slack may not finish the close handshake, so waiting for it is short.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<SocketModeMessage, Task<ReadOnlyMemory<byte>?>> _onEnvelope;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _abort;
    private readonly TaskCompletionSource _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SocketModeEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly InFlightWork _acks = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _retired;

    private SocketModeConnection(int number, TimeProvider time, ILogger logger, Func<SocketModeMessage, Task<ReadOnlyMemory<byte>?>> onEnvelope)
    {
        Number = number;
        _socket = new ClientWebSocket();
        _time = time;
        _logger = logger;
        _onEnvelope = onEnvelope;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    public int Number { get; }

    /// <summary>Completes once Slack announced a disconnect or the socket is gone; never faults.</summary>
    public Task<SocketModeEnd> Ended => _ended.Task;

    /// <summary>Connects and waits for <c>hello</c>; only then may the connection replace another one.</summary>
    public static async Task<SocketModeConnection> OpenAsync(
        Uri url, int number, TimeProvider time, ILogger logger, Func<SocketModeMessage, Task<ReadOnlyMemory<byte>?>> onEnvelope, CancellationToken cancellationToken)
    {
        var connection = new SocketModeConnection(number, time, logger, onEnvelope);
        try
        {
            await connection._socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            connection._receiveLoop = connection.ReceiveLoopAsync();
            await connection._hello.Task.WaitAsync(HelloTimeout, time, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (TimeoutException)
        {
            // The runtime's "The operation has timed out." would not tell an operator what was awaited.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"Slack sent no hello within {HelloTimeout.TotalSeconds:0} s");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lets in-flight envelopes be acknowledged, then closes with 1000.</summary>
    public async Task RetireAsync()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 1)
        {
            return;
        }

        if (!await _acks.DrainAsync(DrainTimeout, _time).ConfigureAwait(false))
        {
            LogDrainTimedOut(Number);
        }

        await WebSocketMessages.CloseOutputQuietlyAsync(_socket, _sendLock, (int)WebSocketCloseStatus.NormalClosure, "replaced", CloseTimeout, _time).ConfigureAwait(false);
        try
        {
            await _receiveLoop.WaitAsync(CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Slack did not answer the close; abort below.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _abort.Dispose();
        _acks.Dispose();
        // The send lock is left to the GC: a late ack may still be releasing it.
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var message = await WebSocketMessages.ReceiveAsync(_socket, buffer, MaxMessageBytes, _abort.Token).ConfigureAwait(false);
                if (message is null)
                {
                    End(new SocketModeEnd(null, $"closed by Slack ({(int?)_socket.CloseStatus} {_socket.CloseStatusDescription})"));
                    return;
                }

                SocketModeMessage? parsed;
                try
                {
                    parsed = JsonSerializer.Deserialize(message.Value.Span, SocketModeJsonContext.Default.SocketModeMessage);
                }
                catch (JsonException ex)
                {
                    LogUnreadable(Number, ex.Message);
                    continue;
                }

                switch (parsed)
                {
                    case { Type: "hello" }:
                        _hello.TrySetResult();
                        break;
                    case { Type: "disconnect" }:
                        End(new SocketModeEnd(parsed.Reason ?? "unknown", $"Slack sent disconnect ({parsed.Reason})"));
                        break;
                    case { EnvelopeId: { Length: > 0 } envelopeId }:
                        _acks.Start(() => AcknowledgeAsync(parsed, envelopeId));
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            End(new SocketModeEnd(null, $"connection lost: {ex.Message}"));
        }
        finally
        {
            _hello.TrySetException(new WebSocketException("the connection ended before Slack's hello"));
        }
    }

    private void End(SocketModeEnd end) => _ended.TrySetResult(end);

    /// <remarks>Off the receive loop, so envelopes are handled side by side and each meets its own deadline.</remarks>
    private async Task AcknowledgeAsync(SocketModeMessage envelope, string envelopeId)
    {
        try
        {
            var payload = await _onEnvelope(envelope).ConfigureAwait(false);
            var ack = new ArrayBufferWriter<byte>(256 + (payload?.Length ?? 0));
            using (var writer = new Utf8JsonWriter(ack))
            {
                writer.WriteStartObject();
                writer.WriteString("envelope_id", envelopeId);
                if (payload is { IsEmpty: false } body && envelope.AcceptsResponsePayload)
                {
                    writer.WritePropertyName("payload");
                    writer.WriteRawValue(body.Span);
                }

                writer.WriteEndObject();
            }

            await _sendLock.WaitAsync(_abort.Token).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(ack.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex)
        {
            LogAckFailed(ex, envelopeId, Number);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: connection {Connection} sent an unreadable message: {Problem}")]
    private partial void LogUnreadable(int connection, LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: could not acknowledge envelope {EnvelopeId} on connection {Connection}")]
    private partial void LogAckFailed(Exception ex, LogText envelopeId, int connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: connection {Connection} closed with envelopes still unacknowledged")]
    private partial void LogDrainTimedOut(int connection);
}
