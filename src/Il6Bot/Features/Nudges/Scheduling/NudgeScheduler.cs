using System.Runtime.ExceptionServices;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Observability;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// The one loop that posts weekly nudges. Every decision goes through the store's conditional claim, so
/// any number of bot processes can run this loop against one database and each occurrence is posted once.
/// </summary>
public sealed partial class NudgeScheduler : BackgroundService
{
    /// <summary>
    /// The fixed tick this loop had before it learnt to sleep until the next due occurrence; kept as the step tests and
    /// tools move a fake clock by. The loop itself wakes at the occurrence, and looks at the store at least every
    /// <c>Nudges:PollInterval</c> for changes made by other instances.
    /// </summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A "sending" row older than this is treated as abandoned by a crashed process. Longer than a post takes
    /// with the policy's few retries (<see cref="ExactlyOncePolicy.RetryBudget"/>), so a post in flight is left alone.
    /// </summary>
    public static readonly TimeSpan StaleSendingAfter = TimeSpan.FromMinutes(2);

    /// <summary>Stale rows are looked for on the first tick and then at most this often, not on every wake.</summary>
    public static readonly TimeSpan StaleCheckInterval = TimeSpan.FromMinutes(2);

    internal const int BatchSize = 100;
    internal const int MaxBatchesPerTick = 20;
    internal const int MaxParallelPosts = 4;

    private readonly INudgeStore _store;
    private readonly NudgeDispatcher _dispatcher;
    private readonly WeeklyOccurrences _occurrences;
    private readonly IOptionsMonitor<NudgesOptions> _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Il6BotMetrics _metrics;
    private readonly ILogger<NudgeScheduler> _logger;
    private readonly NudgeSchedulerWakeup _wakeup;
    private readonly bool _ownsWakeup;

    // Ticks never overlap, also when a test or an operator calls RunOnceAsync beside the loop.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _nextStaleCheck = DateTimeOffset.MinValue;

    // Read and written by the loop only.
    private readonly StoreOutage _storeOutage = new();

    public NudgeScheduler(
        INudgeStore store,
        NudgeDispatcher dispatcher,
        WeeklyOccurrences occurrences,
        IOptionsMonitor<NudgesOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        Il6BotMetrics metrics,
        ILogger<NudgeScheduler> logger,
        NudgeSchedulerWakeup? wakeup = null)
    {
        _store = store;
        _dispatcher = dispatcher;
        _occurrences = occurrences;
        _options = options;
        _time = time;
        _lifetime = lifetime;
        _metrics = metrics;
        _logger = logger;
        _ownsWakeup = wakeup is null;
        _wakeup = wakeup ?? new NudgeSchedulerWakeup(time);
    }

    public override void Dispose()
    {
        _gate.Dispose();
        if (_ownsWakeup)
        {
            _wakeup.Dispose();
        }

        base.Dispose();
    }

    /// <summary>
    /// One tick: on the first tick (and every <see cref="StaleCheckInterval"/> after) resolve stale "sending" rows, then
    /// post or skip every due schedule. The loop calls exactly this; tests call it with a fake clock.
    /// </summary>
    public async Task<TickSummary> RunOnceAsync(CancellationToken cancellationToken) =>
        (await RunTickAsync(cancellationToken).ConfigureAwait(false)).Summary;

    private async Task<TickResult> RunTickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var summary = new TickCounter();
            var now = _time.GetUtcNow();
            if (now >= _nextStaleCheck)
            {
                _nextStaleCheck = now + StaleCheckInterval;
                await _dispatcher.ResolveStaleAsync(now - StaleSendingAfter, now, _options.CurrentValue.MisfireGrace, summary, cancellationToken).ConfigureAwait(false);
            }

            if (_dispatcher.Nudges.Count == 0)
            {
                // Nothing to post yet; leave schedules due so they go out (within the grace) once content loads.
                LogNoContent();
                return new TickResult(summary.ToSummary(), now, MoreDue: false);
            }

            var moreDue = await PostDueAsync(now, summary, cancellationToken).ConfigureAwait(false);
            return new TickResult(summary.ToSummary(), now, moreDue);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <returns>True when the tick stopped at <see cref="MaxBatchesPerTick"/> with more still due.</returns>
    private async Task<bool> PostDueAsync(DateTimeOffset now, TickCounter summary, CancellationToken cancellationToken)
    {
        // Each schedule is handled at most once per tick, so its posts never run concurrently; the claim
        // keeps other processes off it.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelPosts, CancellationToken = cancellationToken };
        for (var batch = 0; batch < MaxBatchesPerTick; batch++)
        {
            var due = await _store.GetDueAsync(now, BatchSize, cancellationToken).ConfigureAwait(false);
            var fresh = due.Where(s => seen.Add(s.Id)).ToList();
            if (fresh.Count == 0)
            {
                return false;
            }

            await Parallel.ForEachAsync(fresh, parallel, (schedule, ct) => new ValueTask(ProcessAsync(schedule, now, summary, ct))).ConfigureAwait(false);
            if (summary.Outage is { } outage)
            {
                ExceptionDispatchInfo.Throw(outage);
            }

            if (due.Count < BatchSize)
            {
                return false;
            }
        }

        return true;
    }

    private async Task ProcessAsync(NudgeSchedule schedule, DateTimeOffset now, TickCounter summary, CancellationToken cancellationToken)
    {
        if (summary.Outage is not null)
        {
            // The store went away during this tick: the rest stay due for the next one instead of each waiting
            // for the same fault.
            return;
        }

        try
        {
            var slot = WeeklySlot.Of(schedule);
            var occurrence = schedule.NextRunUtc;
            var occurrenceLocal = _occurrences.FormatLocal(occurrence, schedule.TimeZoneId);
            var late = now - occurrence;
            var grace = _options.CurrentValue.MisfireGrace;

            var next = NextRunAfter(slot, occurrence, now, grace);
            if (schedule.SkipUtc == occurrence)
            {
                await SkipMarkedAsync(schedule, occurrence, occurrenceLocal, next, summary, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (late > grace)
            {
                // Downtime longer than the grace: record the one missed occurrence and move on, never a
                // burst of catch-ups for every week missed.
                var reason = $"missed by {DurationText.Format(late)} during downtime";
                if (await _store.TrySkipAsync(schedule.Id, occurrence, occurrenceLocal, next, reason, cancellationToken).ConfigureAwait(false))
                {
                    summary.Skipped();
                    _metrics.NudgeSkipped(schedule.Platform);
                    LogSkipped(schedule.Id, occurrenceLocal, reason);
                }

                return;
            }

            if (_dispatcher.PosterFor(schedule.Platform) is null)
            {
                var reason = $"this bot has no {schedule.Platform} connection configured";
                if (await _store.TrySkipAsync(schedule.Id, occurrence, occurrenceLocal, next, reason, cancellationToken).ConfigureAwait(false))
                {
                    summary.Skipped();
                    _metrics.NudgeSkipped(schedule.Platform);
                    LogSkipped(schedule.Id, occurrenceLocal, reason);
                }

                return;
            }

            var delivery = await _store.TryClaimAsync(schedule.Id, occurrence, occurrenceLocal, next, cancellationToken).ConfigureAwait(false);
            if (delivery is null)
            {
                LogClaimLost(schedule.Id, occurrenceLocal);
                return;
            }

            var result = await _dispatcher.PostAndCompleteAsync(schedule, delivery, cancellationToken).ConfigureAwait(false);
            summary.Count(result.Outcome);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StoreUnavailableException ex)
        {
            // Not this schedule's fault. A claim that failed left it due; a post whose outcome could not be
            // recorded left its delivery "sending", which the stale check resolves (found, or reposted with the
            // same idempotency key) once the store is back, so nothing is lost or posted twice. Posts already in
            // flight finish: cancelling them would only leave more "sending" rows to resolve.
            summary.StoreUnavailable(ex);
        }
        catch (Exception ex)
        {
            // One schedule's failure (a bad zone id in an old row, a store hiccup) must not stop the others.
            summary.Error();
            LogScheduleFailed(ex, schedule.Id);
        }
    }

    /// <summary>
    /// The run that follows <paramref name="occurrence"/> once it is posted, skipped or missed at <paramref name="now"/>,
    /// whichever of those it is: one rule, so a skip mark never changes which later run still goes out.
    /// </summary>
    private DateTimeOffset NextRunAfter(WeeklySlot slot, DateTimeOffset occurrence, DateTimeOffset now, TimeSpan grace)
    {
        if (now - occurrence > grace)
        {
            // Missed by more than the grace (downtime): the first occurrence after (now - grace), not after now, so a
            // later occurrence still inside the grace is kept and the next tick posts it.
            return _occurrences.NextAfter(slot, now - grace);
        }

        // From max(occurrence, now): an occurrence handled late inside the grace must not leave the next run in the
        // past (which would post again on the next tick).
        return _occurrences.NextAfter(slot, occurrence > now ? occurrence : now);
    }
}
