using System.Text.Json;
using Il6Bot.Hosting;
using Il6Bot.Transports;

namespace Il6Bot.Slack.SocketMode;

/// <summary>
/// Keeps one Socket Mode connection alive: opens it with the app token, replaces it when Slack asks
/// (the new one is up before the old one closes), reconnects with backoff when it drops, and stops for
/// good on <c>link_disabled</c> or a refused token. Each envelope goes to <c>onEnvelope</c> once; a
/// redelivery is acknowledged with the answer the first delivery produced.
/// </summary>
public sealed partial class SlackSocketModeClient : IDisposable
{
    /// <summary>Redeliveries come within minutes; this covers far more envelopes than that.</summary>
    private const int RememberedEnvelopes = 4096;

    private readonly SlackOptions _options;
    private readonly SlackSocketModeApi _api;
    private readonly SlackSocketModeStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<SocketModeMessage, CancellationToken, Task<ReadOnlyMemory<byte>?>> _onEnvelope;
    private readonly ReconnectBackoff _backoff;
    private readonly RecentDeliveries<TaskCompletionSource<ReadOnlyMemory<byte>?>> _seen = new(RememberedEnvelopes);
    private readonly CancellationTokenSource _handlerStop = new();
    private readonly List<Task> _retiring = [];
    private int _connectionNumber;

    public SlackSocketModeClient(
        SlackOptions options,
        SlackSocketModeApi api,
        SlackSocketModeStatus status,
        TimeProvider time,
        Random random,
        ILogger<SlackSocketModeClient> logger,
        Func<SocketModeMessage, CancellationToken, Task<ReadOnlyMemory<byte>?>> onEnvelope)
    {
        _options = options;
        _api = api;
        _status = status;
        _time = time;
        _logger = logger;
        _onEnvelope = onEnvelope;
        _backoff = new ReconnectBackoff(random);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.AppToken))
        {
            _status.Fail("Slack:AppToken (an app-level token, xapp-) is required for Slack:Mode=SocketMode");
            return;
        }

        SocketModeConnection? current = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SocketModeConnection next;
                try
                {
                    var url = await _api.OpenConnectionAsync(_options.AppToken, stoppingToken).ConfigureAwait(false);
                    next = await SocketModeConnection.OpenAsync(
                        url, ++_connectionNumber, _time, _logger, OnEnvelopeAsync, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (SocketModeFatalException ex)
                {
                    _status.Fail(ex.Message);
                    return;
                }
                catch (Exception ex)
                {
                    if (!await WaitBeforeRetryAsync($"could not connect: {ex.Message}", stoppingToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                _backoff.Reset();
                var previous = current;
                current = next;
                _status.Set(TransportState.Connected, previous is null ? $"connection {next.Number}" : $"connection {next.Number}, replacing {previous.Number}");
                if (previous is not null)
                {
                    // Only now, with the new socket taking envelopes, may the old one go.
                    _retiring.Add(previous.RetireAsync());
                }

                SocketModeEnd end;
                try
                {
                    end = await current.Ended.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (end.DisconnectReason == "link_disabled")
                {
                    _status.Fail("Slack disabled Socket Mode for this app (disconnect: link_disabled); turn Socket Mode on again under Settings > Socket Mode and restart");
                    return;
                }

                if (end.DisconnectReason is not null)
                {
                    // refresh_requested, warning, too_many_websockets: the old socket keeps serving until
                    // the loop has opened its replacement.
                    _status.Set(TransportState.Reconnecting, $"{end.Description}; opening a new connection before closing connection {current.Number}");
                    continue;
                }

                await current.DisposeAsync().ConfigureAwait(false);
                current = null;
                if (!await WaitBeforeRetryAsync(end.Description, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            _status.Set(TransportState.Stopped, "shut down");
        }
        finally
        {
            if (current is not null)
            {
                _retiring.Add(current.RetireAsync());
            }

            await Task.WhenAll(_retiring).ConfigureAwait(false);
        }
    }

    public void Dispose() => _handlerStop.Dispose();

    /// <returns>False when shutting down.</returns>
    private async Task<bool> WaitBeforeRetryAsync(string reason, CancellationToken stoppingToken)
    {
        var delay = _backoff.Next();
        var wait = Task.Delay(delay, _time, stoppingToken);
        _status.Set(TransportState.Reconnecting, $"{reason}; retrying in {delay.TotalSeconds:0.0} s", delay);
        try
        {
            await wait.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<ReadOnlyMemory<byte>?> OnEnvelopeAsync(SocketModeMessage envelope)
    {
        var keys = new List<string>(2) { "envelope:" + envelope.EnvelopeId };
        if (DeliveryKey(envelope) is { } deliveryKey)
        {
            keys.Add(deliveryKey);
        }

        var answer = _seen.GetOrAdd(keys, () => new TaskCompletionSource<ReadOnlyMemory<byte>?>(TaskCreationOptions.RunContinuationsAsynchronously), out var first);
        if (!first)
        {
            LogRedelivery(envelope.EnvelopeId ?? string.Empty, envelope.Type ?? string.Empty, envelope.RetryAttempt, envelope.RetryReason ?? string.Empty);
            return await answer.Task.ConfigureAwait(false);
        }

        try
        {
            var payload = await _onEnvelope(envelope, _handlerStop.Token).ConfigureAwait(false);
            answer.TrySetResult(payload);
            return payload;
        }
        catch (Exception ex)
        {
            // Acknowledged anyway: an unacknowledged envelope is redelivered and would fail again.
            LogHandlerFailed(ex, envelope.Type ?? string.Empty);
            answer.TrySetResult(null);
            return null;
        }
    }

    /// <summary>
    /// The id of what is inside an envelope. Slack's retries of the same event or command may come in a new
    /// envelope (with <c>retry_attempt</c> &gt; 0), so the inner id recognises them too.
    /// </summary>
    private static string? DeliveryKey(SocketModeMessage envelope)
    {
        if (envelope.Payload.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["event_id", "trigger_id"])
        {
            if (envelope.Payload.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value)
            {
                return $"{envelope.Type}:{name}:{value}";
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode: envelope {EnvelopeId} ({Type}) redelivered (retry {RetryAttempt} {RetryReason}); acknowledged with the first answer, not handled again")]
    private partial void LogRedelivery(LogText envelopeId, LogText type, int retryAttempt, LogText retryReason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack Socket Mode: handling a {Type} envelope failed")]
    private partial void LogHandlerFailed(Exception ex, LogText type);
}
