namespace Il6Bot.Features.Nudges.Commands;

/// <summary>Short human durations for results shown in <c>/nudge list</c> ("missed by 2 h 5 min").</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = duration.Negate();
        }

        var parts = new List<string>(2);
        if (duration.Days > 0)
        {
            parts.Add(duration.Days == 1 ? "1 day" : $"{duration.Days} days");
        }

        if (duration.Hours > 0)
        {
            parts.Add($"{duration.Hours} h");
        }

        if (duration.Days == 0 && (duration.Minutes > 0 || parts.Count == 0))
        {
            parts.Add(duration.TotalMinutes < 1
                ? $"{Math.Max(1, (int)duration.TotalSeconds)} s"
                : $"{duration.Minutes} min");
        }

        return string.Join(' ', parts.Take(2));
    }
}
