using Il6Bot.Features.Nudges.Scheduling;
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

    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _sleepWaiters = [];
    private int _sleeps;

    public event Action<TickSummary>? Completed;

    /// <summary>How many times the loop has gone to sleep (armed its wake) so far.</summary>
    public int Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>
    /// Completes once the loop has gone to sleep <paramref name="count"/> times in all: only then does moving a fake clock
    /// wake it, since the loop arms its wake relative to the clock it reads after each tick.
    /// </summary>
    public Task WaitForSleepAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_sleeps >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _sleepWaiters.Add((count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        inner?.Log(logLevel, eventId, state, exception, formatter);
        if (eventId.Name == "LogSleeping")
        {
            // Logged once the loop has armed its wake, so a clock moved after this wakes it.
            lock (_gate)
            {
                _sleeps++;
                foreach (var waiter in _sleepWaiters.Where(w => w.Count <= _sleeps).ToList())
                {
                    _sleepWaiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }

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
