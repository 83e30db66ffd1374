namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// When the scheduler loop wakes: at the instant it armed (the next due occurrence, or its next look at the store),
/// or sooner when a schedule changed on this instance now runs earlier. One timer on <see cref="TimeProvider"/>, so a
/// fake clock drives it in tests.
/// </summary>
/// <remarks>
/// A change computes how long until its run when it is reported, on the caller's clock reading, and only moves the
/// timer earlier: the loop never wakes at a clock reading taken later than the change itself, so a change cannot make
/// it run a tick at an instant nobody asked for (tests that jump a fake clock rely on that).
/// </remarks>
public sealed class NudgeSchedulerWakeup : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private TaskCompletionSource _woken = NewSignal();

    // Timestamps (TimeProvider.GetTimestamp) of the armed wake, and of an earlier one asked for while the loop was busy.
    private long _armedAt = long.MaxValue;
    private long _pendingAt = long.MaxValue;
    private bool _armed;

    public NudgeSchedulerWakeup(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((NudgeSchedulerWakeup)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A schedule of this instance was created, resumed or edited and next runs at <paramref name="nextRunUtc"/>: wake the
    /// loop then if it would otherwise sleep longer. Cheap and never blocks, so command handlers call it after the store
    /// committed the change.
    /// </summary>
    public void ScheduleChanged(DateTimeOffset nextRunUtc)
    {
        lock (_gate)
        {
            var dueIn = Clamp(nextRunUtc - _time.GetUtcNow());
            var at = _time.GetTimestamp() + Ticks(dueIn);
            if (!_armed)
            {
                // The loop is ticking; it reads the store afterwards, but may have read it before this change committed.
                _pendingAt = Math.Min(_pendingAt, at);
                return;
            }

            if (at < _armedAt)
            {
                Arm(at, dueIn);
            }
        }
    }

    /// <summary>The loop: sleeps <paramref name="delay"/> at most, or less when a change asks for an earlier wake.</summary>
    public Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Task woken;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var at = now + Ticks(Clamp(delay));
            if (_pendingAt < at)
            {
                at = _pendingAt;
            }

            _pendingAt = long.MaxValue;
            woken = _woken.Task;
            Arm(at, TimeSpan.FromSeconds(Math.Max(0, at - now) / (double)_time.TimestampFrequency));
        }

        return woken.WaitAsync(cancellationToken);
    }

    public void Dispose() => _timer.Dispose();

    private void Arm(long at, TimeSpan dueIn)
    {
        _armed = true;
        _armedAt = at;
        if (dueIn <= TimeSpan.Zero)
        {
            Wake();
            return;
        }

        _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }

    private void Wake()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            if (!_armed)
            {
                // A timer that fired after an earlier wake already ended this sleep.
                return;
            }

            _armed = false;
            _armedAt = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            woken = _woken;
            _woken = NewSignal();
        }

        woken.TrySetResult();
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    // A wake further out than a day is never needed (the loop re-reads the store far more often) and keeps the
    // timestamp arithmetic far from overflow.
    private static TimeSpan Clamp(TimeSpan span) =>
        span < TimeSpan.Zero ? TimeSpan.Zero : span > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : span;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
