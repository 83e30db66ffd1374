namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// A weekly local time in a named zone: what a moderator scheduled and what is stored. Never an offset,
/// so the wall-clock time survives DST changes and zone rule updates.
/// </summary>
/// <param name="TimeZoneId">IANA id, e.g. <c>Europe/Berlin</c>.</param>
public sealed record WeeklySlot(DayOfWeek Day, TimeOnly Time, string TimeZoneId)
{
    public static WeeklySlot Of(NudgeSchedule schedule) => new(schedule.Day, schedule.LocalTime, schedule.TimeZoneId);

    /// <summary>e.g. <c>every Monday 09:00 Europe/Berlin</c>.</summary>
    public string Describe() =>
        $"every {Day} {Time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {TimeZoneId}";
}
