using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// Follows a host's background loop through the Debug line it logs when a pass is done and only its timer can move it
/// again (an event named <c>LogSleeping</c>), so a test moves a fake clock only once the loop sleeps: a pass still to
/// come would run at the moved clock and do what the test's own pass was meant to do. Add it to a host with
/// <see cref="AddTo"/>, which lets the loop's category through at Debug on this provider alone, so what other providers
/// capture stays at the host's levels.
/// </summary>
public sealed class LoopSleeps(string category) : ILoggerProvider, ILogger
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _sleeps;

    /// <summary>How many times the loop has gone to sleep so far.</summary>
    public int Sleeps => Volatile.Read(ref _sleeps);

    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<LoopSleeps>(category, LogLevel.Debug);
    }

    /// <summary>Completes once the loop has gone to sleep <paramref name="count"/> times in all.</summary>
    public Task WaitForSleepAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_sleeps >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name != "LogSleeping")
        {
            return;
        }

        lock (_gate)
        {
            _sleeps++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _sleeps).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => categoryName == category ? this : NullLogger.Instance;

    void IDisposable.Dispose()
    {
    }
}
