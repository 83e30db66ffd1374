using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Il6Bot.Transports;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// One shard's Discord Gateway connection (v10, JSON): Hello, heartbeats with zombie detection, Identify or
/// Resume, and reconnects until shut down or told by a close code that retrying is pointless. Every
/// INTERACTION_CREATE is handed to <c>onInteraction</c> off the receive loop, so a slow reply never delays
/// a heartbeat.
/// </summary>
public sealed partial class DiscordGatewayClient : IDisposable
{
    private const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>
    /// No intents. INTERACTION_CREATE is delivered to every bot connection regardless of intents, and the
    /// bot never reads messages, members or presences, so asking for nothing means no privileged intent to
    /// approve (no 4014 close) and no guild/message traffic to parse.
    /// </summary>
    private const int Intents = 0;

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly DiscordOptions _options;
    private readonly DiscordGatewayRest _rest;
    private readonly DiscordGatewayStatus _status;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly Func<JsonElement, CancellationToken, Task> _onInteraction;
    private readonly ReconnectBackoff _backoff;
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly CancellationTokenSource _dispatchStop = new();
    private long _nextDispatchId;

    // The session outlives connections so a dropped socket can be resumed without losing events.
    private string? _sessionId;
    private string? _resumeUrl;
    private int? _sequence;

    public DiscordGatewayClient(
        DiscordOptions options,
        DiscordGatewayRest rest,
        DiscordGatewayStatus status,
        TimeProvider time,
        Random random,
        ILogger<DiscordGatewayClient> logger,
        Func<JsonElement, CancellationToken, Task> onInteraction)
    {
        _options = options;
        _rest = rest;
        _status = status;
        _time = time;
        _random = random;
        _logger = logger;
        _onInteraction = onInteraction;
        _backoff = new ReconnectBackoff(random);
    }

    private enum Wait
    {
        None,
        Backoff,
        InvalidSession,
    }

    /// <summary>Raised after each received payload is processed (op, event name); lets tests step in lockstep.</summary>
    internal event Action<int, string?>? PayloadProcessed;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.BotToken))
        {
            _status.Fail("Discord:BotToken is required for Discord:Mode=Gateway");
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Outcome outcome;
                try
                {
                    outcome = await ConnectOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (GatewayFatalException ex)
                {
                    _status.Fail(ex.Message);
                    return;
                }
                catch (Exception ex)
                {
                    outcome = new Outcome(Resume: true, Wait.Backoff, $"could not connect: {ex.Message}");
                }

                if (outcome.Fatal is { } fatal)
                {
                    _status.Fail(fatal);
                    return;
                }

                if (outcome.Stopped)
                {
                    break;
                }

                if (!outcome.Resume)
                {
                    _sessionId = null;
                    _resumeUrl = null;
                    _sequence = null;
                }

                var delay = outcome.Wait switch
                {
                    Wait.None => TimeSpan.Zero,
                    // Discord: wait a random 1–5 s after Invalid Session so a fleet doesn't re-identify at once.
                    Wait.InvalidSession => TimeSpan.FromSeconds(1 + (4 * _random.NextDouble())),
                    _ => _backoff.Next(),
                };

                // Arm the timer before announcing it, so whoever reacts to the state sees the wait in place.
                var wait = Task.Delay(delay, _time, stoppingToken);
                var next = _sessionId is null ? "identify" : "resume";
                _status.Set(TransportState.Reconnecting, $"{outcome.Reason}; {next} in {delay.TotalSeconds:0.0} s", delay);
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }

            _status.Set(TransportState.Stopped, "shut down");
        }
        finally
        {
            await DrainInteractionsAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _dispatchStop.Dispose();

    internal static Uri WithGatewayQuery(string url) =>
        new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    private async Task<Outcome> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        var resuming = _sessionId is not null && _resumeUrl is not null;
        var url = resuming ? _resumeUrl! : await ResolveIdentifyUrlAsync(stoppingToken).ConfigureAwait(false);
        _status.Set(TransportState.Connecting, resuming ? "resuming session" : "new session");

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WithGatewayQuery(url), stoppingToken).ConfigureAwait(false);
        using var connection = new Connection(socket, _time);
        using var onStop = stoppingToken.Register(() => _ = CloseForShutdownAsync(connection));
        return await ReceiveLoopAsync(connection, resuming).ConfigureAwait(false);
    }

    private async Task<string> ResolveIdentifyUrlAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(_options.GatewayUrl))
        {
            return _options.GatewayUrl;
        }

        var info = await _rest.GetGatewayBotAsync(_options.BotToken!, cancellationToken).ConfigureAwait(false);
        if (info.SessionStartLimit.Remaining <= 0)
        {
            // Identifying past the daily limit gets the token reset by Discord; waiting is the only option.
            var resetAfter = TimeSpan.FromMilliseconds(Math.Max(0, info.SessionStartLimit.ResetAfter));
            var wait = Task.Delay(resetAfter, _time, cancellationToken);
            _status.Set(TransportState.Reconnecting, $"session start limit used up; identify in {resetAfter}", resetAfter);
            await wait.ConfigureAwait(false);
        }

        return info.Url;
    }

    private async Task<Outcome> ReceiveLoopAsync(Connection connection, bool resuming)
    {
        var heartbeat = Task.CompletedTask;
        try
        {
            while (true)
            {
                var message = await WebSocketMessages.ReceiveAsync(connection.Socket, connection.Buffer, MaxMessageBytes, connection.Abort.Token).ConfigureAwait(false);
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
                    _sequence = sequence;
                }

                switch (payload.Op)
                {
                    case GatewayOpCode.Hello:
                        var hello = payload.D.Deserialize(GatewayJsonContext.Default.HelloData)
                            ?? throw new JsonException("Hello without data");
                        heartbeat = HeartbeatLoopAsync(connection, TimeSpan.FromMilliseconds(hello.HeartbeatInterval));
                        await (resuming ? SendResumeAsync(connection) : SendIdentifyAsync(connection)).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.HeartbeatAck:
                        connection.Acked = true;
                        break;
                    case GatewayOpCode.Heartbeat:
                        await SendHeartbeatAsync(connection).ConfigureAwait(false);
                        break;
                    case GatewayOpCode.Reconnect:
                        await CloseAsync(connection, GatewayCloseCodes.ClientResumable, "reconnect requested").ConfigureAwait(false);
                        return new Outcome(Resume: true, Wait.None, "Discord asked to reconnect (op 7)");
                    case GatewayOpCode.InvalidSession:
                        var resumable = payload.D.ValueKind == JsonValueKind.True;
                        await CloseAsync(connection, resumable ? GatewayCloseCodes.ClientResumable : (int)WebSocketCloseStatus.NormalClosure, "invalid session").ConfigureAwait(false);
                        return new Outcome(resumable, Wait.InvalidSession, resumable ? "invalid session (op 9, resumable)" : "invalid session (op 9)");
                    case GatewayOpCode.Dispatch:
                        OnDispatch(payload);
                        break;
                }

                PayloadProcessed?.Invoke(payload.Op, payload.T);
            }
        }
        catch (Exception ex) when (connection.Zombie && ex is OperationCanceledException or WebSocketException)
        {
            return ZombieOutcome;
        }
        catch (OperationCanceledException) when (connection.ShuttingDown)
        {
            return new Outcome(Resume: false, Wait.None, "shut down", Stopped: true);
        }
        catch (WebSocketException ex)
        {
            return new Outcome(Resume: true, Wait.Backoff, $"connection lost: {ex.Message}");
        }
        catch (JsonException ex)
        {
            await CloseAsync(connection, GatewayCloseCodes.ClientResumable, "unreadable payload").ConfigureAwait(false);
            return new Outcome(Resume: true, Wait.Backoff, $"unreadable payload: {ex.Message}");
        }
        finally
        {
            await connection.StopHeartbeat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    private static Outcome ZombieOutcome => new(Resume: true, Wait.Backoff, "no heartbeat ACK (zombie connection)");

    private static Outcome Classify(Connection connection)
    {
        if (connection.Zombie)
        {
            return ZombieOutcome;
        }

        if (connection.ShuttingDown)
        {
            return new Outcome(Resume: false, Wait.None, "shut down", Stopped: true);
        }

        var code = (int?)connection.Socket.CloseStatus;
        var reason = $"closed by Discord ({code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"} {connection.Socket.CloseStatusDescription})";
        if (code is int c && GatewayCloseCodes.FatalReason(c) is { } fatal)
        {
            return new Outcome(Resume: false, Wait.None, reason, Fatal: fatal);
        }

        return new Outcome(Resume: code is not int ended || !GatewayCloseCodes.EndsSession(ended), Wait.Backoff, reason);
    }

    private void OnDispatch(GatewayPayload payload)
    {
        switch (payload.T)
        {
            case "READY":
                var ready = payload.D.Deserialize(GatewayJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data");
                _sessionId = ready.SessionId;
                _resumeUrl = ready.ResumeGatewayUrl;
                _backoff.Reset();
                _status.Set(TransportState.Connected, $"shard {_options.ShardId}/{_options.ShardCount}");
                break;
            case "RESUMED":
                _backoff.Reset();
                _status.Set(TransportState.Resumed, $"shard {_options.ShardId}/{_options.ShardCount}, after event {_sequence}");
                break;
            case "INTERACTION_CREATE":
                StartInteraction(payload.D);
                break;
        }
    }

    private void StartInteraction(JsonElement interaction)
    {
        var id = Interlocked.Increment(ref _nextDispatchId);
        _inFlight[id] = RunAsync();

        async Task RunAsync()
        {
            // Off the receive loop: the handler may take seconds, heartbeats may not wait for it.
            await Task.Yield();
            try
            {
                await _onInteraction(interaction, _dispatchStop.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogInteractionFailed(ex);
            }
            finally
            {
                _inFlight.TryRemove(id, out _);
            }
        }
    }

    private async Task DrainInteractionsAsync()
    {
        try
        {
            await Task.WhenAll(_inFlight.Values).WaitAsync(CloseTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _dispatchStop.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task HeartbeatLoopAsync(Connection connection, TimeSpan interval)
    {
        var token = connection.StopHeartbeat.Token;
        try
        {
            // Discord asks for the first beat after interval × random(0..1), so shards that connected
            // together don't beat together.
            var wait = Task.Delay(interval * _random.NextDouble(), _time, token);
            connection.Acked = true;
            while (true)
            {
                await wait.ConfigureAwait(false);
                if (!connection.Acked)
                {
                    connection.Zombie = true;
                    LogZombie(interval.TotalMilliseconds);
                    await CloseAsync(connection, GatewayCloseCodes.ClientResumable, "heartbeat ACK missing").ConfigureAwait(false);
                    await connection.Abort.CancelAsync().ConfigureAwait(false);
                    return;
                }

                connection.Acked = false;
                // Armed before sending so the cadence doesn't drift by the time a send takes.
                wait = Task.Delay(interval, _time, token);
                await SendHeartbeatAsync(connection).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    private Task SendHeartbeatAsync(Connection connection) =>
        SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<int?>(GatewayOpCode.Heartbeat, _sequence), GatewayJsonContext.Default.GatewayCommandNullableInt32));

    private Task SendIdentifyAsync(Connection connection)
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux";
        var identify = new IdentifyData(
            _options.BotToken!,
            Intents,
            new IdentifyProperties(os, "il6bot", "il6bot"),
            [_options.ShardId, _options.ShardCount]);
        return SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<IdentifyData>(GatewayOpCode.Identify, identify), GatewayJsonContext.Default.GatewayCommandIdentifyData));
    }

    private Task SendResumeAsync(Connection connection) =>
        SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<ResumeData>(GatewayOpCode.Resume, new ResumeData(_options.BotToken!, _sessionId!, _sequence)),
            GatewayJsonContext.Default.GatewayCommandResumeData));

    private static async Task SendAsync(Connection connection, byte[] message)
    {
        await connection.SendLock.WaitAsync(connection.Abort.Token).ConfigureAwait(false);
        try
        {
            await connection.Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, connection.Abort.Token).ConfigureAwait(false);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    private Task CloseAsync(Connection connection, int code, string description) =>
        WebSocketMessages.CloseOutputQuietlyAsync(connection.Socket, connection.SendLock, code, description, CloseTimeout, _time);

    private async Task CloseForShutdownAsync(Connection connection)
    {
        // 1000 tells Discord the session is over; the receive loop then sees the peer's close frame.
        connection.ShuttingDown = true;
        await CloseAsync(connection, (int)WebSocketCloseStatus.NormalClosure, "shutting down").ConfigureAwait(false);
        try
        {
            connection.Abort.CancelAfter(CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended on its own meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord Gateway: no heartbeat ACK within {IntervalMs} ms; dropping the zombie connection to resume")]
    private partial void LogZombie(double intervalMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord Gateway: handling an interaction failed")]
    private partial void LogInteractionFailed(Exception ex);

    private sealed record Outcome(bool Resume, Wait Wait, string Reason, string? Fatal = null, bool Stopped = false);

    /// <summary>Per-socket state; a new one for every connection attempt.</summary>
    private sealed class Connection(ClientWebSocket socket, TimeProvider time) : IDisposable
    {
        private volatile bool _acked;
        private volatile bool _zombie;
        private volatile bool _shuttingDown;

        public ClientWebSocket Socket { get; } = socket;

        public ArrayBufferWriter<byte> Buffer { get; } = new(64 * 1024);

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        /// <summary>Cancelling it aborts the socket: ClientWebSocket aborts on any cancelled receive or send.</summary>
        public CancellationTokenSource Abort { get; } = new(Timeout.InfiniteTimeSpan, time);

        public CancellationTokenSource StopHeartbeat { get; } = new();

        public bool Acked { get => _acked; set => _acked = value; }

        public bool Zombie { get => _zombie; set => _zombie = value; }

        public bool ShuttingDown { get => _shuttingDown; set => _shuttingDown = value; }

        public void Dispose()
        {
            SendLock.Dispose();
            Abort.Dispose();
            StopHeartbeat.Dispose();
        }
    }
}
