using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Slack;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test advances the clock only once
/// the code under test is actually waiting (no real-time sleeps, no races).
/// </summary>
internal sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Done)> _waiters = [];
    private readonly List<TimeSpan> _created = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created.Add(dueTime);
            foreach (var waiter in _waiters.Where(w => w.DueTime == dueTime).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return timer;
    }

    /// <summary>Completes once a timer with exactly <paramref name="dueTime"/> exists (created before or after this call).</summary>
    public Task TimerCreated(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_created.Remove(dueTime))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((dueTime, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }
}
