namespace Il6Bot.Features.Nudges.Delivery;

/// <summary>
/// One occurrence of one schedule: unique on (schedule, occurrence). Written <see cref="DeliveryState.Sending"/>
/// before the post and <see cref="DeliveryState.Sent"/> with the message id after, so a crash in between is
/// visible on the next start.
/// </summary>
/// <param name="OccurrenceUtc">The occurrence's instant (its identity).</param>
/// <param name="OccurrenceLocal">The occurrence in the schedule's zone, e.g. <c>2026-11-30 09:00 Europe/Berlin</c>.</param>
/// <param name="NudgeIndex">Which nudge (rotation position) this delivery posts.</param>
/// <param name="IdempotencyKey">Sent with the post (Discord nonce, Slack metadata).</param>
public sealed record NudgeDelivery(
    long Id,
    string ScheduleId,
    DateTimeOffset OccurrenceUtc,
    string OccurrenceLocal,
    int NudgeIndex,
    string IdempotencyKey,
    DeliveryState State,
    string? MessageId,
    string? Error,
    DateTimeOffset UpdatedAt);

public enum DeliveryState
{
    Sending,
    Sent,
    Failed,
    Skipped,

    /// <summary>A stale <c>sending</c> row whose outcome could not be determined; reported, not reposted.</summary>
    Unknown,
}
