using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

/// <summary>A restart is a new store, scheduler and handler on the same SQLite file and the same clock.</summary>
public sealed class NudgeRestartTests
{
    [Fact]
    public async Task A_schedule_survives_a_restart_is_listed_and_fires_once()
    {
        await using var before = await NudgeTestBed.CreateAsync();
        var schedule = await before.ScheduleAsync("C1", "mon", "13:00", "Europe/Berlin");

        await using var after = await ReopenAsync(before);
        var list = NudgeTestBed.Text(await after.NudgeAsync("list"));
        await after.TickUntilAsync(NudgeTestBed.Monday.AddDays(7).AddHours(1), TimeSpan.FromMinutes(15));

        Assert.Contains("n1 in #C1: every Monday 13:00 Europe/Berlin", list, StringComparison.Ordinal);
        var post = Assert.Single(after.Discord.Posts);
        Assert.Equal(schedule.Id + "-" + new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), post.IdempotencyKey);
        Assert.Empty(before.Discord.Posts);
    }

    [Fact]
    public async Task An_occurrence_posted_before_the_restart_is_not_posted_again()
    {
        await using var before = await NudgeTestBed.CreateAsync();
        await before.ScheduleAsync("C1", "mon", "13:00");
        await before.TickAtAsync(NudgeTestBed.Monday.AddHours(1));
        Assert.Single(before.Discord.Posts);

        // Restart within the same minute, and again within the grace: nothing more for this occurrence.
        await using var after = await ReopenAsync(before);
        await after.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddSeconds(30));
        await after.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddMinutes(30));

        Assert.Empty(after.Discord.Posts);
        Assert.Equal("Nudge 1", (await after.NudgeAsync("preview", ("id", "n1"))).Title);
    }

    private static async Task<NudgeTestBed> ReopenAsync(NudgeTestBed before)
    {
        var store = new SqliteNudgeStore($"Data Source={before.DatabasePath}", before.Time, NullLogger<SqliteNudgeStore>.Instance);
        await store.MigrateAsync(NudgeTestBed.Ct);
        return NudgeTestBed.On(store, before.Time);
    }
}
