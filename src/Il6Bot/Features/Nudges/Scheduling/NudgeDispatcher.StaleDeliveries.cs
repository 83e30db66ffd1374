using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// Deliveries left "sending" by a process that stopped between post and record: their outcome is ambiguous, so
/// they are settled by the same <see cref="ExactlyOncePolicy"/> as a live post, with the same idempotency key.
/// </summary>
public sealed partial class NudgeDispatcher
{
    /// <summary>
    /// Settles every delivery "sending" since before <paramref name="olderThan"/>: found (sent), reposted when that
    /// cannot duplicate it, the occurrence is inside <paramref name="misfireGrace"/> and the schedule is neither
    /// cancelled nor paused, else skipped, lost or unknown. Looked up and reposted where and as it was claimed.
    /// </summary>
    internal async Task ResolveStaleAsync(DateTimeOffset olderThan, DateTimeOffset now, TimeSpan misfireGrace, TickCounter summary, CancellationToken cancellationToken)
    {
        var stale = await _store.GetStaleSendingAsync(olderThan, cancellationToken).ConfigureAwait(false);
        foreach (var delivery in stale)
        {
            try
            {
                await ResolveStaleAsync(delivery, now, misfireGrace, summary, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (StoreUnavailableException)
            {
                // The delivery stays "sending" and is looked at again on a later stale check.
                throw;
            }
            catch (Exception ex)
            {
                summary.Error();
                LogStaleFailed(ex, delivery.ScheduleId, delivery.OccurrenceLocal);
            }
        }
    }

    private async Task ResolveStaleAsync(NudgeDelivery delivery, DateTimeOffset now, TimeSpan misfireGrace, TickCounter summary, CancellationToken cancellationToken)
    {
        var schedule = await _store.FindByIdAsync(delivery.ScheduleId, cancellationToken).ConfigureAwait(false);
        var poster = schedule is null ? null : PosterFor(schedule.Platform);
        if (schedule is null || poster is null)
        {
            var why = schedule is null ? "its schedule is gone" : $"this bot has no {schedule.Platform} connection configured";
            await CompleteStaleAsync(delivery, DeliveryState.Unknown, $"unknown: the bot stopped while posting and {why} to check", cancellationToken).ConfigureAwait(false);
            summary.Unknown();
            return;
        }

        // An edit since the crash may have moved the schedule: the post in flight went to the channel it was
        // claimed for, so only there can it be found, and only there is a repost not a second copy.
        var claimed = AsClaimed(schedule, delivery);

        // The moderator was told a cancelled schedule posts no more and a paused one nothing until resumed; the
        // crash is no reason to break that. Whether it went out is still worth finding out.
        var stoppedAs = schedule.Cancelled ? "cancelled" : schedule.Paused ? "paused" : null;
        var late = now - delivery.OccurrenceUtc;
        var (finding, messageId) = await _policy.FindOutAsync(poster.ForTenant(schedule.TenantId), claimed.ChannelId, delivery.IdempotencyKey, delivery.UpdatedAt, cancellationToken).ConfigureAwait(false);
        switch (finding)
        {
            case ExactlyOncePolicy.Finding.Posted:
                await CompleteAsync(claimed, delivery, PostResult.Posted(messageId), cancellationToken).ConfigureAwait(false);
                summary.Count(PostOutcome.Posted);
                LogStaleResolved(delivery.ScheduleId, delivery.OccurrenceLocal, "found already posted");
                return;

            case ExactlyOncePolicy.Finding.NotPosted when stoppedAs is not null:
                await CompleteStaleAsync(delivery, DeliveryState.Skipped, $"not posted: the bot stopped while posting and the schedule was {stoppedAs} since", cancellationToken).ConfigureAwait(false);
                summary.Skipped();
                return;

            case ExactlyOncePolicy.Finding.NotPosted when late <= misfireGrace:
                LogStaleResolved(delivery.ScheduleId, delivery.OccurrenceLocal, "not posted; posting now");
                summary.Count((await PostAndCompleteAsync(claimed, delivery, cancellationToken).ConfigureAwait(false)).Outcome);
                return;

            case ExactlyOncePolicy.Finding.NotPosted:
                await CompleteStaleAsync(delivery, DeliveryState.Failed, $"lost: the bot stopped while posting and it was not posted; missed by {DurationText.Format(late)}", cancellationToken).ConfigureAwait(false);
                summary.Lost();
                return;

            case ExactlyOncePolicy.Finding.RepostIsDropped when stoppedAs is null:
                // The platform returns the earlier message for the same key instead of posting twice.
                LogStaleResolved(delivery.ScheduleId, delivery.OccurrenceLocal, "unknown; reposting with the same idempotency key");
                summary.Count((await PostAndCompleteAsync(claimed, delivery, cancellationToken).ConfigureAwait(false)).Outcome);
                return;

            default:
                await CompleteStaleAsync(delivery, DeliveryState.Unknown, "unknown: the bot stopped while posting; it may or may not have been posted", cancellationToken).ConfigureAwait(false);
                summary.Unknown();
                return;
        }
    }

    private async Task CompleteStaleAsync(NudgeDelivery delivery, DeliveryState state, string error, CancellationToken cancellationToken)
    {
        // Lost or unknown says nothing about the channel: the failing mark stays as it was.
        await _store.CompleteAsync(delivery.Id, state, null, error, scheduleFailing: null, cancellationToken).ConfigureAwait(false);
        LogStaleResolved(delivery.ScheduleId, delivery.OccurrenceLocal, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stale delivery of nudge {ScheduleId} for {Occurrence}: {Resolution}")]
    private partial void LogStaleResolved(string scheduleId, string occurrence, string resolution);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stale delivery of nudge {ScheduleId} for {Occurrence} could not be resolved")]
    private partial void LogStaleFailed(Exception ex, string scheduleId, string occurrence);
}
