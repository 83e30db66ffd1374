using Il6Bot.Tests.EndToEnd;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test advances the clock only once
/// the code under test is actually waiting (no real-time sleeps, no races).
/// </summary>
internal sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Done)> _waiters = [];
    private readonly List<TimeSpan> _created = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            var waiter = _waiters.FirstOrDefault(w => w.Match(dueTime));
            if (waiter.Done is null)
            {
                _created.Add(dueTime);
            }
            else
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(dueTime);
            }
        }

        return timer;
    }

    /// <summary>Completes once a timer with exactly <paramref name="dueTime"/> exists (created before or after this call).</summary>
    public Task TimerCreated(TimeSpan dueTime, CancellationToken cancellationToken) =>
        TimerCreatedWithin(dueTime, dueTime, cancellationToken);

    /// <summary>Completes with the due time of a timer due in [<paramref name="min"/>, <paramref name="max"/>] (jittered waits).</summary>
    public Task<TimeSpan> TimerCreatedWithin(TimeSpan min, TimeSpan max, CancellationToken cancellationToken)
    {
        bool Match(TimeSpan due) => due >= min && due <= max;
        lock (_gate)
        {
            var index = _created.FindIndex(Match);
            if (index >= 0)
            {
                var due = _created[index];
                _created.RemoveAt(index);
                return Task.FromResult(due);
            }

            var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Match, done));
            // A wait for a timer the code under test never creates fails the test instead of hanging the run.
            return done.Task.WaitAsync(E2E.Timeout, cancellationToken);
        }
    }
}
