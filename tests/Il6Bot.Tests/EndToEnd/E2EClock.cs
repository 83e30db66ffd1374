using System.Text.RegularExpressions;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// The fake clock the end-to-end hosts run on. It reports every timer created, so a test can wait until the
/// code under test is really waiting (e.g. out a 429's retry-after) before moving the clock, instead of sleeping.
/// </summary>
public sealed class E2EClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Done)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(dueTime)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(dueTime);
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

    /// <summary>
    /// Completes with the due time of the next timer created after this call whose due time lies in
    /// [<paramref name="atLeast"/>, <paramref name="below"/>). Call it before starting the work that waits.
    /// </summary>
    public Task<TimeSpan> NextTimerAsync(TimeSpan atLeast, TimeSpan below, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((due => due >= atLeast && due < below, done));
        }

        return done.Task.WaitAsync(E2E.Timeout, cancellationToken);
    }
}

internal static partial class E2E
{
    /// <summary>The host's own scheduler, to run one tick of it.</summary>
    public static NudgeScheduler Scheduler(BotHost host) => host.Services.GetRequiredService<NudgeScheduler>();

    /// <summary>The new schedule's id from a "Scheduled ID: …" reply (fails the test when there is none).</summary>
    public static string ScheduledId(string replyText)
    {
        var match = ScheduledIdPattern().Match(replyText);
        Assert.True(match.Success, replyText);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"Scheduled (\S+?):")]
    private static partial Regex ScheduledIdPattern();

    /// <summary>Generous: a wait that hits this is a failure, never a normal path.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
