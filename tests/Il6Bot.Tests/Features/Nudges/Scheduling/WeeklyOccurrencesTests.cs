using Il6Bot.Features.Nudges.Scheduling;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

public sealed class WeeklyOccurrencesTests
{
    private const string Berlin = "Europe/Berlin";
    private readonly WeeklyOccurrences _occurrences = new();

    [Fact]
    public void Nine_oclock_Berlin_stays_nine_oclock_local_across_both_DST_changes()
    {
        var slot = new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(9, 0), Berlin);

        // Sundays from mid-March to mid-November 2026 span the 29 March and 25 October changes.
        var runs = _occurrences.NextOccurrences(slot, new DateTimeOffset(2026, 3, 15, 0, 0, 0, TimeSpan.Zero), 36);

        Assert.All(runs, run =>
        {
            var local = _occurrences.Local(run, Berlin);
            Assert.Equal(DayOfWeek.Sunday, local.DayOfWeek);
            Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(local.DateTime));
        });
        Assert.Contains(new DateTimeOffset(2026, 3, 22, 8, 0, 0, TimeSpan.Zero), runs);  // CET, +01:00
        Assert.Contains(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), runs);  // CEST, +02:00
        Assert.Contains(new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero), runs); // CET again
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromHours(167), TimeSpan.FromHours(169)));
    }

    [Fact]
    public void A_time_skipped_by_spring_forward_fires_at_the_first_valid_minute_after_it()
    {
        var slot = new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(2, 30), Berlin);

        var run = _occurrences.NextAfter(slot, new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero));

        // 02:00 CET jumps to 03:00 CEST on 29 March 2026: 03:00 local is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), run);
        Assert.Equal("2026-03-29 03:00 Europe/Berlin", _occurrences.FormatLocal(run, Berlin));
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 0, 30, 0, TimeSpan.Zero), _occurrences.NextAfter(slot, run));
    }

    [Fact]
    public void A_time_repeated_by_fall_back_fires_once()
    {
        var slot = new WeeklySlot(DayOfWeek.Sunday, new TimeOnly(2, 30), Berlin);

        var first = _occurrences.NextAfter(slot, new DateTimeOffset(2026, 10, 24, 0, 0, 0, TimeSpan.Zero));
        var second = _occurrences.NextAfter(slot, first);

        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET) on 25 October 2026.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), first);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero), second);

        // Asking from inside the repeated hour must not yield the second instance either.
        var fromInside = _occurrences.NextAfter(slot, new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(second, fromInside);
    }

    [Fact]
    public void Next_three_runs_are_one_week_apart_in_local_time()
    {
        var slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(9, 0), Berlin);

        var runs = _occurrences.NextOccurrences(slot, new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
            ["Mon 30 Nov 2026 09:00 Europe/Berlin", "Mon 7 Dec 2026 09:00 Europe/Berlin", "Mon 14 Dec 2026 09:00 Europe/Berlin"],
            runs.Select(r => _occurrences.FormatLocalLong(r, Berlin)));
    }

    [Fact]
    public void An_occurrence_exactly_now_is_not_returned_again()
    {
        var slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(9, 0), "UTC");
        var monday = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(monday.AddDays(7), _occurrences.NextAfter(slot, monday));
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("europe/berlin", "Europe/Berlin")]
    [InlineData("UTC", "UTC")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("Mars/Olympus", null)]
    [InlineData("../../etc/passwd", null)]
    [InlineData("", null)]
    public void Zone_ids_are_canonicalised_or_refused(string input, string? expected) =>
        Assert.Equal(expected, WeeklyOccurrences.CanonicalZoneId(input));
}
