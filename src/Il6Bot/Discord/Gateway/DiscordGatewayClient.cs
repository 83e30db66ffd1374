using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// One shard's Discord Gateway connection (v10, JSON): Hello, heartbeats with zombie detection, Identify or
/// Resume, until a close code, an op 7/9 or a lost socket ends it; <see cref="ReconnectingTransport"/>
/// reconnects. Every INTERACTION_CREATE is handed to <c>onInteraction</c> off the receive loop, so a slow
/// reply never delays a heartbeat.
/// </summary>
public sealed partial class DiscordGatewayClient : ReconnectingTransport
{
    private const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>At shutdown, interactions get as long as a close would to finish; then they are cancelled.</summary>
    private static readonly TimeSpan InteractionDrainTimeout = GatewayConnection.CloseTimeout;

    private readonly DiscordOptions _options;
    private readonly DiscordGatewayRest _rest;
    private readonly ILogger _logger;
    private readonly Func<JsonElement, CancellationToken, Task> _onInteraction;
    private readonly GatewaySession _session;
    private readonly InFlightWork _interactions = new();

    public DiscordGatewayClient(
        DiscordOptions options,
        DiscordGatewayRest rest,
        DiscordGatewayStatus status,
        TimeProvider time,
        Random random,
        ILogger<DiscordGatewayClient> logger,
        Func<JsonElement, CancellationToken, Task> onInteraction)
        : base(status, time, random)
    {
        _options = options;
        _rest = rest;
        _logger = logger;
        _onInteraction = onInteraction;
        _session = new GatewaySession(options);
    }

    /// <summary>Raised after each received payload is processed (op, event name); lets tests step in lockstep.</summary>
    internal event Action<int, string?>? PayloadProcessed;

    protected override string? ConfigurationProblem =>
        string.IsNullOrWhiteSpace(_options.BotToken) ? "Discord:BotToken is required for Discord:Mode=Gateway" : null;

    protected override string NextAttempt => _session.Id is null ? "identify" : "resume";

    internal static Uri WithGatewayQuery(string url) =>
        new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    protected override async Task<TransportEnd> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        var resuming = _session.CanResume;
        var (url, failed) = resuming ? (_session.ResumeUrl!, null) : await ResolveIdentifyUrlAsync(stoppingToken).ConfigureAwait(false);
        if (failed is not null)
        {
            return failed;
        }

        ReportConnecting(resuming ? "resuming session" : "new session");

        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(WithGatewayQuery(url), stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (resuming && !stoppingToken.IsCancellationRequested)
        {
            // Discord docs (Gateway, Resuming): when the reconnect fails, connect anew on Get Gateway Bot's URL and
            // identify. Keeping the session would send every later attempt to the same unreachable host.
            _session.Forget();
            return new TransportEnd.Retry($"could not connect to the resume URL: {ex.Message}");
        }
        using var connection = new GatewayConnection(socket, _session, Time, Random, _logger);
        using var onStop = stoppingToken.Register(() => _ = connection.CloseForShutdownAsync());
        var (end, keepSession) = await ReceiveLoopAsync(connection, resuming).ConfigureAwait(false);

        // Only now, with the heartbeat stopped: a late beat must not go out with the sequence cleared.
        if (!keepSession)
        {
            _session.Forget();
        }

        return end;
    }

    protected override Task DrainAsync() => _interactions.DrainAsync(InteractionDrainTimeout, Time);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _interactions.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <returns>The URL to identify on, or (with an empty URL) why there is none.</returns>
    /// <remarks><c>GET /gateway/bot</c> is asked even when <c>Discord:GatewayUrl</c> overrides its URL: only it says
    /// how many identifies are left today, and identifying past that gets the token reset.</remarks>
    private async Task<(string Url, TransportEnd? Failed)> ResolveIdentifyUrlAsync(CancellationToken cancellationToken)
    {
        var gateway = await _rest.GetGatewayBotAsync(_options.BotToken!, cancellationToken).ConfigureAwait(false);
        if (gateway.Value is not { } info)
        {
            return (string.Empty, gateway.StatusCode is 401 or 403
                ? new TransportEnd.Fatal($"Discord refused Discord:BotToken on GET /gateway/bot (HTTP {gateway.StatusCode}); copy a new token from the Developer Portal, Bot page")
                : new TransportEnd.Retry($"could not connect: {gateway.Problem}"));
        }

        if (info.SessionStartLimit.Remaining <= 0)
        {
            // Identifying past the daily limit gets the token reset by Discord; waiting is the only option.
            var resetAfter = TimeSpan.FromMilliseconds(Math.Max(0, info.SessionStartLimit.ResetAfter));
            await WaitAsync(resetAfter, $"session start limit used up; identify in {resetAfter}", cancellationToken).ConfigureAwait(false);
        }

        return (string.IsNullOrWhiteSpace(_options.GatewayUrl) ? info.Url : _options.GatewayUrl, null);
    }

    /// <returns>Why the connection ended, and whether the session survives it (Resume rather than Identify).</returns>
    private async Task<(TransportEnd End, bool KeepSession)> ReceiveLoopAsync(GatewayConnection connection, bool resuming)
    {
        try
        {
            while (true)
            {
                var message = await WebSocketMessages.ReceiveAsync(connection.Socket, connection.Buffer, MaxMessageBytes, connection.Aborted).ConfigureAwait(false);
                if (message is null)
                {
                    return Classify(connection);
                }

                var payload = JsonSerializer.Deserialize(message.Value.Span, GatewayJsonContext.Default.GatewayPayload);
                if (payload is null)
                {
                    continue;
                }

                if (payload.S is int sequence)
                {
                    _session.Sequence = sequence;
                }

                switch (payload.Op)
                {
                    case GatewayOpCode.Hello:
                        var hello = payload.D.Deserialize(GatewayJsonContext.Default.HelloData)
                            ?? throw new JsonException("Hello without data");
                        connection.StartHeartbeat(TimeSpan.FromMilliseconds(hello.HeartbeatInterval));
                        await (resuming ? connection.SendResumeAsync() : connection.SendIdentifyAsync()).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        connection.HeartbeatAcknowledged();
                        break;
                    case GatewayOpCode.Heartbeat:
                        await connection.SendHeartbeatAsync().ConfigureAwait(false);
                        break;
                    case GatewayOpCode.Reconnect:
                        await connection.CloseAsync(GatewayCloseCodes.ClientResumable, "reconnect requested").ConfigureAwait(false);
                        return (new TransportEnd.Retry("Discord asked to reconnect (op 7)", TimeSpan.Zero), true);
                    case GatewayOpCode.InvalidSession:
                        var resumable = payload.D.ValueKind == JsonValueKind.True;
                        await connection.CloseAsync(resumable ? GatewayCloseCodes.ClientResumable : (int)WebSocketCloseStatus.NormalClosure, "invalid session").ConfigureAwait(false);
                        // Discord: wait a random 1–5 s after Invalid Session so a fleet doesn't re-identify at once.
                        var wait = TimeSpan.FromSeconds(1 + (4 * Random.NextDouble()));
                        return (new TransportEnd.Retry(resumable ? "invalid session (op 9, resumable)" : "invalid session (op 9)", wait), resumable);
                    case GatewayOpCode.Dispatch:
                        OnDispatch(payload);
                        break;
                }

                PayloadProcessed?.Invoke((int)payload.Op, payload.T);
            }
        }
        catch (Exception ex) when (connection.Zombie && ex is OperationCanceledException or WebSocketException)
        {
            return Zombie;
        }
        catch (OperationCanceledException) when (connection.ShuttingDown)
        {
            return (new TransportEnd.Stopped(), true);
        }
        catch (WebSocketException ex)
        {
            return (new TransportEnd.Retry($"connection lost: {ex.Message}"), true);
        }
        catch (JsonException ex)
        {
            await connection.CloseAsync(GatewayCloseCodes.ClientResumable, "unreadable payload").ConfigureAwait(false);
            return (new TransportEnd.Retry($"unreadable payload: {ex.Message}"), true);
        }
        finally
        {
            await connection.StopHeartbeatAsync().ConfigureAwait(false);
        }
    }

    private static (TransportEnd End, bool KeepSession) Zombie => (new TransportEnd.Retry("no heartbeat ACK (zombie connection)"), true);

    /// <summary>Why the socket closed: a zombie drop, a shutdown, or Discord's close code.</summary>
    private static (TransportEnd End, bool KeepSession) Classify(GatewayConnection connection)
    {
        if (connection.Zombie)
        {
            return Zombie;
        }

        if (connection.ShuttingDown)
        {
            return (new TransportEnd.Stopped(), true);
        }

        var code = (int?)connection.Socket.CloseStatus;
        var reason = $"closed by Discord ({code?.ToString(CultureInfo.InvariantCulture) ?? "no code"} {connection.Socket.CloseStatusDescription})";
        if (code is int c && GatewayCloseCodes.FatalReason(c) is { } fatal)
        {
            return (new TransportEnd.Fatal(fatal), true);
        }

        return (new TransportEnd.Retry(reason), code is not int ended || !GatewayCloseCodes.EndsSession(ended));
    }

    private void OnDispatch(GatewayPayload payload)
    {
        switch (payload.T)
        {
            case "READY":
                var ready = payload.D.Deserialize(GatewayJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data");
                _session.Begin(ready);
                ReportConnected($"shard {_options.ShardId}/{_options.ShardCount}");
                break;
            case "RESUMED":
                ReportResumed($"shard {_options.ShardId}/{_options.ShardCount}, after event {_session.Sequence}");
                break;
            case "INTERACTION_CREATE":
                var interaction = payload.D;
                _interactions.Start(() => HandleInteractionAsync(interaction));
                break;
        }
    }

    private async Task HandleInteractionAsync(JsonElement interaction)
    {
        try
        {
            await _onInteraction(interaction, _interactions.GiveUp).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogInteractionFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord Gateway: handling an interaction failed")]
    private partial void LogInteractionFailed(Exception ex);
}
