using Il6Bot.Commands;

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
    DateTimeOffset CreatedAt);

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
    DateTimeOffset CreatedAt);
