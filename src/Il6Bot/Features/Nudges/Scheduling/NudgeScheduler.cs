using System.Runtime.ExceptionServices;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Observability;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// The one loop that posts weekly nudges. Every decision goes through the store's conditional claim, so
/// any number of bot processes can run this loop against one database and each occurrence is posted once.
/// </summary>
public sealed partial class NudgeScheduler : BackgroundService
{
    /// <summary>How often the store is asked for due schedules; the query is an index range, so idle ticks are cheap.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A "sending" row older than this is treated as abandoned by a crashed process. Longer than a post takes
    /// with the policy's few retries (<see cref="ExactlyOncePolicy.RetryBudget"/>), so a post in flight is left alone.
    /// </summary>
    public static readonly TimeSpan StaleSendingAfter = TimeSpan.FromMinutes(2);

    internal const int BatchSize = 100;
    internal const int MaxBatchesPerTick = 20;
    internal const int MaxParallelPosts = 4;

    // Stale rows are looked for on start and then every few ticks, not on every tick.
    internal const int StaleCheckEveryTicks = 8;

    private readonly INudgeStore _store;
    private readonly NudgeDispatcher _dispatcher;
    private readonly WeeklyOccurrences _occurrences;
    private readonly IOptionsMonitor<NudgesOptions> _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly Il6BotMetrics _metrics;
    private readonly ILogger<NudgeScheduler> _logger;

    // Ticks never overlap, also when a test or an operator calls RunOnceAsync beside the loop.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _ticks;

    // Read and written by the loop only.
    private bool _storeOutage;

    public NudgeScheduler(
        INudgeStore store,
        NudgeDispatcher dispatcher,
        WeeklyOccurrences occurrences,
        IOptionsMonitor<NudgesOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        Il6BotMetrics metrics,
        ILogger<NudgeScheduler> logger)
    {
        _store = store;
        _dispatcher = dispatcher;
        _occurrences = occurrences;
        _options = options;
        _time = time;
        _lifetime = lifetime;
        _metrics = metrics;
        _logger = logger;
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await _lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        LogStarted(TickInterval, _options.CurrentValue.MisfireGrace);
        using var timer = new PeriodicTimer(TickInterval, _time);
        do
        {
            try
            {
                var summary = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (_storeOutage)
                {
                    _storeOutage = false;
                    LogStoreBack();
                }

                LogTickDone(summary.Posted, summary.Failed, summary.Skipped, summary.Lost, summary.Unknown, summary.Errors);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                // Due schedules stay due for the next tick (see ProcessAsync); an outage is worth one warning, not one
                // every 15 s.
                if (!_storeOutage)
                {
                    _storeOutage = true;
                    LogStoreOutage(ex.Message);
                }
                else
                {
                    LogStoreStillOut(ex.Message);
                }
            }
            catch (Exception ex)
            {
                // The store being down for a tick must not stop the host; the next tick tries again.
                LogTickFailed(ex);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// One tick: on the first tick (and every few after) resolve stale "sending" rows, then post or skip
    /// every due schedule. The loop calls exactly this; tests call it with a fake clock.
    /// </summary>
    public async Task<TickSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var summary = new TickCounter();
            var now = _time.GetUtcNow();
            if (_ticks++ % StaleCheckEveryTicks == 0)
            {
                await _dispatcher.ResolveStaleAsync(now - StaleSendingAfter, now, _options.CurrentValue.MisfireGrace, summary, cancellationToken).ConfigureAwait(false);
            }

            if (_dispatcher.Nudges.Count == 0)
            {
                // Nothing to post yet; leave schedules due so they go out (within the grace) once content loads.
                LogNoContent();
                return summary.ToSummary();
            }

            await PostDueAsync(now, summary, cancellationToken).ConfigureAwait(false);
            return summary.ToSummary();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task PostDueAsync(DateTimeOffset now, TickCounter summary, CancellationToken cancellationToken)
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
                return;
            }

            await Parallel.ForEachAsync(fresh, parallel, (schedule, ct) => new ValueTask(ProcessAsync(schedule, now, summary, ct))).ConfigureAwait(false);
            if (summary.Outage is { } outage)
            {
                ExceptionDispatchInfo.Throw(outage);
            }

            if (due.Count < BatchSize)
            {
                return;
            }
        }
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

            if (schedule.SkipUtc == occurrence)
            {
                await SkipMarkedAsync(schedule, slot, occurrence, occurrenceLocal, now, summary, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (late > grace)
            {
                // Downtime longer than the grace: record the one missed occurrence and move on, never a
                // burst of catch-ups for every week missed. Moving to the first occurrence after (now - grace)
                // rather than after now keeps a later occurrence that is still inside the grace: the next tick
                // posts it.
                var reason = $"missed by {DurationText.Format(late)} during downtime";
                if (await _store.TrySkipAsync(schedule.Id, occurrence, occurrenceLocal, _occurrences.NextAfter(slot, now - grace), reason, cancellationToken).ConfigureAwait(false))
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
                if (await _store.TrySkipAsync(schedule.Id, occurrence, occurrenceLocal, _occurrences.NextAfter(slot, now), reason, cancellationToken).ConfigureAwait(false))
                {
                    summary.Skipped();
                    _metrics.NudgeSkipped(schedule.Platform);
                    LogSkipped(schedule.Id, occurrenceLocal, reason);
                }

                return;
            }

            // From max(occurrence, now): an occurrence posted late inside the grace must not leave the next
            // run in the past (which would post again on the next tick).
            var next = _occurrences.NextAfter(slot, occurrence > now ? occurrence : now);
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
}
