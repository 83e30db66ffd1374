using Il6Bot.Messages;

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
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The channel the occurrence was claimed for, as the schedule had it then; null on a skip and on deliveries
    /// claimed before it was recorded. A delivery left sending is looked up and reposted here, never where an edit
    /// has since moved the schedule.
    /// </summary>
    public string? ChannelId { get; init; }

    /// <summary>The schedule's mention when the occurrence was claimed (see <see cref="ChannelId"/>).</summary>
    public MentionTarget? Mention { get; init; }

    /// <summary>The schedule's topics when the occurrence was claimed (see <see cref="ChannelId"/>).</summary>
    public string? Topics { get; init; }
}

public enum DeliveryState
{
    Sending,
    Sent,
    Failed,
    Skipped,

    /// <summary>A stale <c>sending</c> row whose outcome could not be determined; reported, not reposted.</summary>
    Unknown,
}
