using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Transports;

/// <summary>
/// The current connection state of one transport. It is the single place state changes are logged, and it
/// doubles as that transport's health check: a reconnect is Degraded (still 200, it heals itself), a fatal
/// stop is Unhealthy so <c>/healthz</c> turns 503 and an operator looks.
/// </summary>
public abstract partial class TransportStatus : IHealthCheck
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TransportSnapshot _current;

    protected TransportStatus(string name, ILogger logger, TimeProvider time)
    {
        Name = name;
        _logger = logger;
        _time = time;
        _current = new TransportSnapshot(TransportState.Connecting, null, false, time.GetUtcNow());
    }

    /// <summary>The health check name, e.g. <c>discord-gateway</c>.</summary>
    public string Name { get; }

    public TransportSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Raised after every change, on the thread that made it.</summary>
    public event Action<TransportSnapshot>? Changed;

    public void Set(TransportState state, string? detail = null, TimeSpan? retryIn = null)
    {
        var snapshot = new TransportSnapshot(state, detail, false, _time.GetUtcNow(), retryIn);
        lock (_gate)
        {
            _current = snapshot;
        }

        LogState(Name, state, detail ?? string.Empty);
        Changed?.Invoke(snapshot);
    }

    /// <summary>Stops for good with one clear error; no reconnect follows.</summary>
    public void Fail(string error)
    {
        var snapshot = new TransportSnapshot(TransportState.Stopped, error, true, _time.GetUtcNow());
        lock (_gate)
        {
            _current = snapshot;
        }

        LogFatal(Name, error);
        Changed?.Invoke(snapshot);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = Current;
        var description = current.Detail is null
            ? current.State.ToString().ToLowerInvariant()
            : $"{current.State.ToString().ToLowerInvariant()}: {current.Detail}";
        var result = current switch
        {
            { Fatal: true } => HealthCheckResult.Unhealthy(description),
            { State: TransportState.Connected or TransportState.Resumed } => HealthCheckResult.Healthy(description),
            _ => HealthCheckResult.Degraded(description),
        };
        return Task.FromResult(result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Transport}: {State} {Detail}")]
    private partial void LogState(string transport, TransportState state, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Transport}: stopped, not reconnecting: {Error}")]
    private partial void LogFatal(string transport, string error);
}
