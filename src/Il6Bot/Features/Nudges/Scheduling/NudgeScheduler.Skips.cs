using Il6Bot.Commands;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>Occurrences a moderator marked with <c>/nudge skip</c>.</summary>
public sealed partial class NudgeScheduler
{
    /// <summary>The reason recorded on a delivery and in <c>/nudge list</c> for an occurrence skipped on purpose.</summary>
    public const string SkippedByModerator = "skipped by a moderator (/nudge skip)";

    /// <summary>
    /// Recorded as skipped, not failed, without posting; the rotation keeps its place, so the nudge that would have
    /// gone out goes out next time instead. <paramref name="next"/> follows the same missed-run rule as an unmarked
    /// occurrence: after long downtime a later run still inside the grace is kept.
    /// </summary>
    private async Task SkipMarkedAsync(NudgeSchedule schedule, DateTimeOffset occurrence, string occurrenceLocal, DateTimeOffset next, TickCounter summary, CancellationToken cancellationToken)
    {
        if (await _store.TrySkipAsync(schedule.Id, occurrence, occurrenceLocal, next, SkippedByModerator, cancellationToken).ConfigureAwait(false))
        {
            summary.Skipped();
            _metrics.NudgeSkipped(schedule.Platform);
            LogSkipped(schedule.Id, occurrenceLocal, SkippedByModerator);
        }
    }
}
