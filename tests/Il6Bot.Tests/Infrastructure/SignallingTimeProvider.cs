using Il6Bot.Tests.EndToEnd;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test advances the clock only once
/// the code under test is actually waiting (e.g. out a 429's retry-after): no real-time sleeps, no races. The
/// clock of every end-to-end host and transport harness.
/// </summary>
public sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();

    // A timer is handed to every matching waiter that wants only timers to come, and to the first matching waiter
    // that takes one created before or after its call; a timer none of the latter took is kept for the next one.
    private readonly List<Waiter> _waiters = [];
    private readonly List<TimeSpan> _created = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            var taken = false;
            foreach (var waiter in _waiters.Where(w => w.Match(dueTime)).ToList())
            {
                if (waiter.OnlyFuture || !taken)
                {
                    taken |= !waiter.OnlyFuture;
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult(dueTime);
                }
            }

            if (!taken)
            {
                _created.Add(dueTime);
            }
        }

        return timer;
    }

    /// <summary>
    /// Moves the clock forward to <paramref name="instant"/> (never back) without firing the timers in between:
    /// outstanding timers keep their remaining time. Firing them would run the scheduler loop's 15 s timer for every
    /// period jumped over (40,000 ticks for a week, seconds of real time); the test runs the one tick it means
    /// with <see cref="Il6Bot.Features.Nudges.Scheduling.NudgeScheduler.RunOnceAsync"/> instead, which is exactly what the loop runs.
    /// </summary>
    public void JumpTo(DateTimeOffset instant)
    {
        if (instant > GetUtcNow())
        {
            AdjustTime(instant);
        }
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

            return Wait(Match, onlyFuture: false, cancellationToken);
        }
    }

    /// <summary>
    /// Completes with the due time of the next timer created after this call whose due time lies in
    /// [<paramref name="atLeast"/>, <paramref name="below"/>). Call it before starting the work that waits.
    /// </summary>
    public Task<TimeSpan> NextTimerAsync(TimeSpan atLeast, TimeSpan below, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Wait(due => due >= atLeast && due < below, onlyFuture: true, cancellationToken);
        }
    }

    private Task<TimeSpan> Wait(Func<TimeSpan, bool> match, bool onlyFuture, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(new Waiter(match, onlyFuture, done));
        // A wait for a timer the code under test never creates fails the test instead of hanging the run.
        return done.Task.WaitAsync(E2E.Timeout, cancellationToken);
    }

    private sealed record Waiter(Func<TimeSpan, bool> Match, bool OnlyFuture, TaskCompletionSource<TimeSpan> Done);
}
