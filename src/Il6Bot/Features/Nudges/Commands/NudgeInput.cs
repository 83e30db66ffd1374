using System.Globalization;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>Parses what moderators type for <c>/nudge</c> (day, time, channel, id). Strict, so nothing ambiguous is stored.</summary>
public static class NudgeInput
{
    public static readonly IReadOnlyList<string> DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static readonly Dictionary<string, DayOfWeek> Days = BuildDays();

    public static bool TryParseDay(string? text, out DayOfWeek day) =>
        Days.TryGetValue(text?.Trim() ?? string.Empty, out day);

    /// <summary>24-hour <c>HH:mm</c> (a single-digit hour is accepted); 25:00 or 9am are not.</summary>
    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>
    /// The channel option as an id, or null when none was given. Each adapter has already turned its platform's
    /// mark-up (a Slack <c>&lt;#C123|name&gt;</c>, a console <c>#name</c>) into a bare id, so the core only trims.
    /// </summary>
    public static string? ChannelId(string? text)
    {
        var value = text?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// Longer than any platform's channel id (a Discord snowflake has at most 20 digits, a Slack id about a dozen
    /// characters), with room for console channel names; short enough that a full page of <c>/nudge list</c>
    /// fits one Discord message (see <see cref="NudgeListPage"/>).
    /// </summary>
    public const int MaxChannelIdLength = 32;

    /// <summary>
    /// Whether <paramref name="channelId"/> can be a channel at all. Anything else is refused before it reaches a
    /// platform API, the store or a reply (where an unbounded id would make every later answer too long).
    /// </summary>
    public static bool IsPlausibleChannelId(string channelId) =>
        channelId.Length <= MaxChannelIdLength && !channelId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.IsSurrogate(c));

    /// <summary>Schedule ids are shown lower-case (<c>n7</c>); accept <c>N7</c> too.</summary>
    public static string? ScheduleId(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// A page number as typed: a whole number, which may be out of range (the caller says which pages exist);
    /// one too large for an <see cref="int"/> reads as <see cref="int.MaxValue"/>, i.e. past the last page.
    /// </summary>
    public static bool TryParsePage(string? text, out int page)
    {
        var value = text?.Trim() ?? string.Empty;
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out page))
        {
            return true;
        }

        var digits = value.AsSpan(value.StartsWith('+') || value.StartsWith('-') ? 1 : 0);
        page = value.StartsWith('-') ? int.MinValue : int.MaxValue;
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// The <c>undo</c> option of <c>/nudge skip</c>: absent (skip), Discord's boolean (<c>true</c>/<c>false</c>), or the
    /// word itself as typed on text platforms (<c>/nudge skip n7 undo</c>).
    /// </summary>
    public static bool TryParseUndo(string? text, out bool undo)
    {
        var value = text?.Trim();
        undo = value is not null && (value.Equals("undo", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
        return value is null || undo || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase);
    }

    public static string TimeText(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static Dictionary<string, DayOfWeek> BuildDays()
    {
        var days = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString();
            days[name] = day;
            days[name[..3]] = day;
        }

        return days;
    }
}
