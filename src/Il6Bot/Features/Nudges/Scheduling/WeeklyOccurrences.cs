using System.Collections.Concurrent;
using System.Globalization;
using Cronos;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// Occurrences of a <see cref="WeeklySlot"/>, computed by Cronos in the slot's zone. Cronos owns the DST
/// rules: a local time skipped by spring-forward fires at the first valid minute after it, and a time
/// repeated in autumn fires once (the first, daylight-time instance).
/// </summary>
public sealed class WeeklyOccurrences
{
    private readonly ConcurrentDictionary<(DayOfWeek, TimeOnly), CronExpression> _expressions = new();
    private readonly ConcurrentDictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public DateTimeOffset NextAfter(WeeklySlot slot, DateTimeOffset after)
    {
        var zone = Zone(slot.TimeZoneId);

        // A weekly expression always has a next occurrence; null would mean a Cronos or zone-data bug.
        var next = Expression(slot).GetNextOccurrence(after.ToUniversalTime(), zone, inclusive: false)
            ?? throw new InvalidOperationException($"No next occurrence for {slot.Describe()} after {after:O}.");
        return next.ToUniversalTime();
    }

    /// <summary>The next <paramref name="count"/> occurrences strictly after <paramref name="after"/>, in UTC.</summary>
    public IReadOnlyList<DateTimeOffset> NextOccurrences(WeeklySlot slot, DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>(count);
        var cursor = after;
        for (var i = 0; i < count; i++)
        {
            cursor = NextAfter(slot, cursor);
            result.Add(cursor);
        }

        return result;
    }

    /// <summary>The instant in the zone as stored and shown, e.g. <c>2026-11-30 09:00 Europe/Berlin</c>.</summary>
    public string FormatLocal(DateTimeOffset instant, string timeZoneId) =>
        $"{Local(instant, timeZoneId).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {timeZoneId}";

    /// <summary>Human form with the weekday, e.g. <c>Mon 30 Nov 2026 09:00 Europe/Berlin</c>.</summary>
    public string FormatLocalLong(DateTimeOffset instant, string timeZoneId) =>
        $"{Local(instant, timeZoneId).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} {timeZoneId}";

    public DateTimeOffset Local(DateTimeOffset instant, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(instant, Zone(timeZoneId));

    /// <summary>
    /// Resolves a user-typed zone to its canonical IANA id (case-insensitive; Windows ids are mapped), or
    /// null when it is not a known zone.
    /// </summary>
    public static string? CanonicalZoneId(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || !IsPlausibleZoneId(input))
        {
            return null;
        }

        var id = input.Trim();
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            if (zone.HasIanaId)
            {
                return zone.Id;
            }

            return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;
        }

        // Zone files are case-sensitive on Linux; users type "europe/berlin".
        return TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .FirstOrDefault(z => string.Equals(z, id, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsKnownZone(string? id) => CanonicalZoneId(id) is not null;

    // Zone ids become file paths on Linux; refuse anything that is not shaped like an IANA id.
    private static bool IsPlausibleZoneId(string id) =>
        id.Length <= 64 && !id.Contains("..", StringComparison.Ordinal)
        && id.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+' or ' ' or '.');

    private TimeZoneInfo Zone(string timeZoneId) =>
        _zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById);

    private CronExpression Expression(WeeklySlot slot) =>
        _expressions.GetOrAdd((slot.Day, slot.Time), static key =>
            CronExpression.Parse(
                string.Create(CultureInfo.InvariantCulture, $"{key.Item2.Minute} {key.Item2.Hour} * * {(int)key.Item1}"),
                CronFormat.Standard));
}
