using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

/// <summary>
/// Follows the scheduler's background loop through the line it logs after each tick (Debug), so a test can wait
/// for a tick and read what it did without sleeping. Pass it as the scheduler's logger (wrapping another logger
/// when the test reads the log too), or add it to a host as a provider with <see cref="DebugLevel"/> set.
/// </summary>
public sealed class SchedulerTicks(ILogger? inner = null) : ILogger<NudgeScheduler>, ILoggerProvider
{
    /// <summary>The host setting that lets the scheduler's Debug lines through a host logging at Warning.</summary>
    public static KeyValuePair<string, string?> DebugLevel => new($"Logging:LogLevel:{typeof(NudgeScheduler).FullName}", "Debug");

    private readonly LoopSleeps _loop = new(typeof(NudgeScheduler).FullName!);

    public event Action<TickSummary>? Completed;

    /// <summary>How many times the loop has gone to sleep (armed its wake) so far.</summary>
    public int Sleeps => _loop.Sleeps;

    /// <summary>
    /// Completes once the loop has gone to sleep <paramref name="count"/> times in all: only then does moving a fake clock
    /// wake it, since the loop arms its wake relative to the clock it reads after each tick.
    /// </summary>
    public Task WaitForSleepAsync(int count, CancellationToken cancellationToken) => _loop.WaitForSleepAsync(count, cancellationToken);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        inner?.Log(logLevel, eventId, state, exception, formatter);
        _loop.Log(logLevel, eventId, state, exception, formatter);
        if (eventId.Name == "LogTickDone" && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            int Field(string name) => (int)fields.Single(f => f.Key == name).Value!;
            Completed?.Invoke(new TickSummary(Field("Posted"), Field("Failed"), Field("Skipped"), Field("Lost"), Field("Unknown"), Field("Errors")));
        }
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) =>
        categoryName == typeof(NudgeScheduler).FullName ? this : NullLogger.Instance;

    void IDisposable.Dispose()
    {
    }
}
