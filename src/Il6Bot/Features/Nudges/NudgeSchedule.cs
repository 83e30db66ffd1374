using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges;

/// <summary>
/// A weekly nudge as stored. The zone id and the local day and time are the truth; <see cref="NextRunUtc"/>
/// is derived (Cronos) and kept only so due schedules can be found through an index.
/// </summary>
/// <param name="Id">Short id shown to users, e.g. <c>n7</c>.</param>
/// <param name="RotationPosition">How many nudges this schedule has posted; the next is
/// <c>nudges[RotationPosition % nudges.Count]</c>.</param>
/// <param name="NextRunUtc">The next occurrence to post (UTC instant of the local day/time).</param>
/// <param name="LastResult">Human-readable result of the last occurrence (posted / failed: why / skipped: why).</param>
/// <param name="Failing">Set by a permanent error (no access, unknown channel); shown in <c>/nudge list</c>.</param>
public sealed record NudgeSchedule(
    string Id,
    Platform Platform,
    string TenantId,
    string ChannelId,
    DayOfWeek Day,
    TimeOnly LocalTime,
    string TimeZoneId,
    string CreatedBy,
    bool Paused,
    int RotationPosition,
    DateTimeOffset NextRunUtc,
    string? LastResult,
    DateTimeOffset? LastResultAt,
    bool Failing,
    DateTimeOffset CreatedAt)
{
    /// <summary>The moderator who last changed the schedule with <c>/nudge edit</c>, or null when nobody has.</summary>
    public string? EditedBy { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Who each post pings, or null: nobody.</summary>
    public MentionTarget? Mention { get; init; }

    /// <summary>The article topics whose nudges this schedule rotates through (<see cref="NudgeTopics"/>), or null: all.</summary>
    public string? Topics { get; init; }

    /// <summary>
    /// The occurrence <c>/nudge skip</c> marked: when it comes it is recorded as skipped and the rotation keeps its
    /// place. Only ever the schedule's next run; null when none is skipped.
    /// </summary>
    public DateTimeOffset? SkipUtc { get; init; }

    /// <summary>
    /// Cancelled with <c>/nudge cancel</c>. Only <see cref="Storage.INudgeStore.FindByIdAsync"/> returns such a schedule:
    /// a delivery its crash left "sending" must know it is not to be posted any more.
    /// </summary>
    public bool Cancelled { get; init; }

    /// <summary>The moderator a problem with the schedule concerns: whoever last edited it, else its creator.</summary>
    public string Owner => EditedBy ?? CreatedBy;
}

/// <summary>What <c>/nudge schedule</c> stores; the store assigns the id.</summary>
public sealed record NewNudgeSchedule(
    Platform Platform,
    string TenantId,
    string ChannelId,
    DayOfWeek Day,
    TimeOnly LocalTime,
    string TimeZoneId,
    string CreatedBy,
    DateTimeOffset NextRunUtc,
    DateTimeOffset CreatedAt)
{
    public MentionTarget? Mention { get; init; }

    /// <summary>See <see cref="NudgeSchedule.Topics"/>.</summary>
    public string? Topics { get; init; }
}
