using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// The background loop: a tick, then sleep until the next due occurrence (read from the store's next-run index), at
/// most <c>Nudges:PollInterval</c> so changes made by other instances are seen, or less when a change on this instance
/// asks (<see cref="NudgeSchedulerWakeup"/>). A nudge thus leaves at its minute, not up to a fixed tick later.
/// </summary>
public sealed partial class NudgeScheduler
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await _lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        LogStarted(_options.CurrentValue.PollInterval, _options.CurrentValue.MisfireGrace);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var tick = await RunTickAsync(stoppingToken).ConfigureAwait(false);
                if (_storeOutage.Succeeded())
                {
                    LogStoreBack();
                }

                var summary = tick.Summary;
                LogTickDone(summary.Posted, summary.Failed, summary.Skipped, summary.Lost, summary.Unknown, summary.Errors);
                sleep = tick.MoreDue ? TimeSpan.Zero : await SleepAfterAsync(tick.Now, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                // Due schedules stay due for the next look (see ProcessAsync); an outage is worth one warning, not one
                // every poll.
                if (_storeOutage.Failed())
                {
                    LogStoreOutage(ex.Message);
                }
                else
                {
                    LogStoreStillOut(ex.Message);
                }

                sleep = _options.CurrentValue.PollInterval;
            }
            catch (Exception ex)
            {
                // The store being down for a tick must not stop the host; the next look tries again.
                LogTickFailed(ex);
                sleep = _options.CurrentValue.PollInterval;
            }

            try
            {
                // Logged once the wake is armed, so whoever reads the line (a test moving a fake clock) knows it counts.
                var sleeping = _wakeup.SleepAsync(sleep, stoppingToken);
                LogSleeping(sleep);
                await sleeping.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// How long to sleep after a tick that ran at <paramref name="tickNow"/>: until the earliest next run, but no longer
    /// than the poll interval, so a schedule another instance created or moved earlier is seen in time.
    /// </summary>
    private async Task<TimeSpan> SleepAfterAsync(DateTimeOffset tickNow, CancellationToken cancellationToken)
    {
        var poll = _options.CurrentValue.PollInterval;
        var earliest = await _store.GetEarliestNextRunAsync(cancellationToken).ConfigureAwait(false);
        if (earliest is not { } next)
        {
            return poll;
        }

        if (next <= tickNow)
        {
            // Due at the tick and still there: it could not be handled (no content yet, a schedule that threw); waking
            // at once would spin, so it waits for the next poll like any retry.
            return poll;
        }

        // Came due while the tick ran, or later: wake exactly then (now, if it has passed).
        var dueIn = next - _time.GetUtcNow();
        return dueIn < poll ? (dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero) : poll;
    }
}
