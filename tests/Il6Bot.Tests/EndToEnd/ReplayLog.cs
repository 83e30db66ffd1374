using Il6Bot.Discord.Interactions;
using Il6Bot.Slack.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Counts the replay guards' "received again" lines of a host, so a test knows that copies of a request have
/// reached the bot (and are waiting for the first's answer) before it lets the first go on.
/// </summary>
public sealed class ReplayLog : ILoggerProvider
{
    private int _count;
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly Lock _gate = new();

    /// <summary>Host settings that let the guards' Information lines through the tests' Warning default.</summary>
    public static IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Il6Bot.Slack.Commands.SlackReplayGuard"] = "Information",
        ["Logging:LogLevel:Il6Bot.Discord.Interactions.DiscordReplayGuard"] = "Information",
    };

    public int Count => Volatile.Read(ref _count);

    public void AddTo(WebApplicationBuilder builder) => builder.Logging.AddProvider(this);

    /// <summary>Completes once <paramref name="count"/> copies in all have been recognised.</summary>
    public Task WaitForAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, reached));
        }

        return reached.Task.WaitAsync(E2E.Timeout, E2E.Ct);
    }

    public ILogger CreateLogger(string categoryName) =>
        categoryName.EndsWith("ReplayGuard", StringComparison.Ordinal) ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Replayed()
    {
        lock (_gate)
        {
            _count++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    private sealed class Logger(ReplayLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).Contains("received again", StringComparison.Ordinal))
            {
                log.Replayed();
            }
        }
    }
}
