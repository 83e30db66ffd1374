using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Delivery;

namespace Il6Bot.Tests.Features.Nudges.Failures;

/// <summary>
/// When the moderator is told that a schedule is failing: once per not-failing → failing transition, whatever happens in
/// between (transient failures, more permanent ones), and never again for a DM that could not be delivered.
/// </summary>
public sealed class FailingScheduleNotifierTests
{
    private static readonly DateTimeOffset Occurrence = NudgeTestBed.Monday.AddHours(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_creator_is_told_once_per_failing_spell(bool inMemory)
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: inMemory);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        var permanent = PostResult.Permanent("Missing Permissions in channel C1: give the bot Send Messages and Embed Links there.");
        bed.Discord.FailWith = permanent;

        await bed.TickAtAsync(Occurrence);
        var told = Assert.Single(bed.DiscordDirect.Attempts);
        Assert.Equal((NudgeTestBed.Tenant, "u1"), (told.TenantId, told.UserId));
        foreach (var expected in new[] { schedule.Id, "C1", "every Monday 13:00 UTC", "2026-11-23 13:00 UTC", "Send Messages and Embed Links", $"/nudge edit {schedule.Id}", $"/nudge cancel {schedule.Id}" })
        {
            Assert.Contains(expected, told.Text, StringComparison.Ordinal);
        }

        // Still failing, with a transient failure in between that says nothing about the cause: no second message.
        await bed.TickAtAsync(Occurrence.AddDays(7));
        bed.Discord.FailWith = PostResult.Transient("Discord failed (HTTP 503) after several tries.");
        await bed.TickAtAsync(Occurrence.AddDays(14));
        Assert.True((await Stored(bed, schedule.Id)).Failing);
        bed.Discord.FailWith = permanent;
        await bed.TickAtAsync(Occurrence.AddDays(21));
        Assert.Single(bed.DiscordDirect.Attempts);

        // Fixed, then broken again: a new spell, a new message.
        bed.Discord.FailWith = null;
        await bed.TickAtAsync(Occurrence.AddDays(28));
        Assert.False((await Stored(bed, schedule.Id)).Failing);
        bed.Discord.FailWith = permanent;
        await bed.TickAtAsync(Occurrence.AddDays(35));
        Assert.Equal(2, bed.DiscordDirect.Attempts.Count);
        Assert.Equal(6, bed.Discord.Attempts);
    }

    [Fact]
    public async Task A_DM_that_cannot_be_delivered_is_not_tried_again_on_later_ticks_or_weeks()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.FailWith = PostResult.Permanent("Unknown Channel C1");
        bed.DiscordDirect.FailWith = "HTTP 403, Discord code 50007: Cannot send messages to this user";

        await bed.TickUntilAsync(Occurrence.AddHours(2), TimeSpan.FromMinutes(1));
        await bed.TickAtAsync(Occurrence.AddDays(7));

        Assert.Single(bed.DiscordDirect.Attempts);
        Assert.Equal(2, bed.Discord.Attempts);
        var stored = await Stored(bed, schedule.Id);
        Assert.True(stored.Failing);
        Assert.Contains("Unknown Channel C1", stored.LastResult, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_messenger_that_throws_neither_stops_the_tick_nor_is_retried()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.ScheduleAsync("S1", "mon", "13:00", platform: Platform.Slack);
        bed.Discord.FailWith = PostResult.Permanent("Unknown Channel C1");
        bed.DiscordDirect.Throw = true;

        var summary = await bed.TickAtAsync(Occurrence);
        await bed.TickAtAsync(Occurrence.AddMinutes(1));

        Assert.Equal((1, 1, 0), (summary.Posted, summary.Failed, summary.Errors));
        Assert.Single(bed.Slack.Posts);
        Assert.Single(bed.DiscordDirect.Attempts);
        Assert.Empty(bed.SlackDirect.Attempts);
    }

    [Fact]
    public async Task A_stale_delivery_found_posted_clears_the_mark_without_a_message()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.FailWith = PostResult.Permanent("Unknown Channel C1");
        await bed.TickAtAsync(Occurrence);
        bed.Discord.FailWith = null;

        // The next week's post went out, then the process died before recording it: resolved on the next start.
        var next = Occurrence.AddDays(7);
        bed.Time.SetUtcNow(next);
        var delivery = await bed.Store.TryClaimAsync(schedule.Id, next, "2026-11-30 13:00 UTC", next.AddDays(7), NudgeTestBed.Ct);
        Assert.NotNull(delivery);
        bed.Restart(keepPosters: true);
        bed.Discord.LookupAnswer = LookupResult.Found("m-found");
        await bed.TickAtAsync(next.AddMinutes(3));

        Assert.False((await Stored(bed, schedule.Id)).Failing);
        Assert.Single(bed.DiscordDirect.Attempts);
    }

    private static async Task<Il6Bot.Features.Nudges.NudgeSchedule> Stored(NudgeTestBed bed, string id) =>
        (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, id, NudgeTestBed.Ct))!;
}
