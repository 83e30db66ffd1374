using System.Text.Json;
using Il6Bot.Hosting;
using Il6Bot.Transports.Replay;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Slack.SocketMode;

/// <summary>
/// Slack Socket Mode for one app: opens a connection with the app token and serves it until Slack asks for
/// a new one (opened before the old one closes), the socket drops, or <c>link_disabled</c> stops it for
/// good; <see cref="ReconnectingTransport"/> reconnects. Each envelope goes to <c>onEnvelope</c> once; a
/// redelivery is acknowledged with the answer the first delivery produced.
/// </summary>
public sealed partial class SlackSocketModeClient : ReconnectingTransport
{
    /// <summary>Redeliveries come within minutes; this covers far more envelopes than that.</summary>
    private const int RememberedEnvelopes = 4096;

    private readonly SlackOptions _options;
    private readonly SlackSocketModeApi _api;
    private readonly ILogger _logger;
    private readonly Func<SocketModeMessage, CancellationToken, Task<ReadOnlyMemory<byte>?>> _onEnvelope;
    private readonly RecentAnswers<string, ReadOnlyMemory<byte>?> _seen;
    private readonly CancellationTokenSource _handlerStop = new();
    private readonly List<Task> _retiring = [];
    private SocketModeConnection? _current;
    private int _connectionNumber;

    public SlackSocketModeClient(
        SlackOptions options,
        SlackSocketModeApi api,
        SlackSocketModeStatus status,
        TimeProvider time,
        Random random,
        ILogger<SlackSocketModeClient> logger,
        Func<SocketModeMessage, CancellationToken, Task<ReadOnlyMemory<byte>?>> onEnvelope)
        : base(status, time, random)
    {
        _options = options;
        _api = api;
        _logger = logger;
        _onEnvelope = onEnvelope;
        _seen = new(RememberedEnvelopes, Timeout.InfiniteTimeSpan, time);
    }

    protected override string? ConfigurationProblem =>
        string.IsNullOrWhiteSpace(_options.AppToken) ? "Slack:AppToken (an app-level token, xapp-) is required for Slack:Mode=SocketMode" : null;

    protected override string NextAttempt => "retrying";

    protected override async Task<TransportEnd> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        var opened = await _api.OpenConnectionAsync(_options.AppToken!, stoppingToken).ConfigureAwait(false);
        if (opened.Value is not { } url)
        {
            var failure = opened.ErrorCode ?? opened.Problem;
            return SlackSocketModeApi.RefusesAppToken(opened.ErrorCode)
                ? new TransportEnd.Fatal($"apps.connections.open failed with {failure}: Slack:AppToken must be a valid app-level token (xapp-) with the connections:write scope")
                : new TransportEnd.Retry($"could not connect: apps.connections.open failed with {failure}");
        }

        var next = await SocketModeConnection.OpenAsync(
            url, ++_connectionNumber, Time, _logger, OnEnvelopeAsync, stoppingToken).ConfigureAwait(false);

        var previous = _current;
        _current = next;
        ReportConnected(previous is null ? $"connection {next.Number}" : $"connection {next.Number}, replacing {previous.Number}");
        if (previous is not null)
        {
            // Only now, with the new socket taking envelopes, may the old one go.
            _retiring.Add(previous.RetireAsync());
        }

        var end = await next.Ended.WaitAsync(stoppingToken).ConfigureAwait(false);
        if (end.DisconnectReason == "link_disabled")
        {
            return new TransportEnd.Fatal("Slack disabled Socket Mode for this app (disconnect: link_disabled); turn Socket Mode on again under Settings > Socket Mode and restart");
        }

        if (end.DisconnectReason is not null)
        {
            // refresh_requested, warning, too_many_websockets: the old socket keeps serving until the loop
            // has opened its replacement.
            return new TransportEnd.Replace($"{end.Description}; opening a new connection before closing connection {next.Number}");
        }

        await next.DisposeAsync().ConfigureAwait(false);
        _current = null;
        return new TransportEnd.Retry(end.Description);
    }

    protected override async Task DrainAsync()
    {
        if (_current is not null)
        {
            _retiring.Add(_current.RetireAsync());
        }

        await Task.WhenAll(_retiring).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handlerStop.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<ReadOnlyMemory<byte>?> OnEnvelopeAsync(SocketModeMessage envelope)
    {
        // A redelivered envelope repeats its payload, so the inner id recognises it as well as its envelope id would.
        var key = DeliveryKey(envelope) ?? "envelope:" + envelope.EnvelopeId;
        if (!_seen.TryBegin(key, out var earlier))
        {
            LogRedelivery(envelope.EnvelopeId ?? string.Empty, envelope.Type ?? string.Empty, envelope.RetryAttempt, envelope.RetryReason ?? string.Empty);
            return await earlier!.ConfigureAwait(false);
        }

        ReadOnlyMemory<byte>? payload = null;
        try
        {
            payload = await _onEnvelope(envelope, _handlerStop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Acknowledged anyway: an unacknowledged envelope is redelivered and would fail again.
            LogHandlerFailed(ex, envelope.Type ?? string.Empty);
        }

        _seen.Complete(key, payload);
        return payload;
    }

    /// <summary>
    /// The id of what is inside an envelope. Slack's retries of the same event or command may come in a new
    /// envelope (with <c>retry_attempt</c> &gt; 0), so only the inner id recognises them.
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
