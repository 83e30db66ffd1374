using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary><c>/nudge skip [undo]</c>: recorded as skipped, the rotation keeps its place, and the mark is stored.</summary>
public sealed class NudgeSkipTests
{
    private static readonly DateTimeOffset Today1300 = NudgeTestBed.Monday.AddHours(1);

    [Fact]
    public async Task A_skipped_run_is_recorded_as_skipped_not_posted_and_the_rotation_keeps_its_place()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(Today1300);

        var reply = await bed.NudgeAsync("skip", ("id", schedule.Id));

        var text = NudgeTestBed.Text(reply);
        Assert.True(reply.Ephemeral);
        Assert.StartsWith("Skipped n1's run of Mon 30 Nov 2026 13:00 UTC (", text, StringComparison.Ordinal);
        Assert.Contains("goes out next, Mon 7 Dec 2026 13:00 UTC", text, StringComparison.Ordinal);
        Assert.Contains("/nudge skip n1 undo", text, StringComparison.Ordinal);

        var list = NudgeTestBed.Text(await bed.NudgeAsync("list"));
        Assert.Contains("Next: Mon 30 Nov 2026 13:00 UTC (2026-11-30 13:00 UTC) is skipped (undo with /nudge skip n1 undo); then Mon 7 Dec 2026 13:00 UTC", list, StringComparison.Ordinal);
        var preview = await bed.NudgeAsync("preview", ("id", schedule.Id));
        Assert.Equal("Nudge 1", preview.Title);
        Assert.Contains("n1 skips its run of Mon 30 Nov 2026 13:00 UTC (skipped; ", NudgeTestBed.Text(preview), StringComparison.Ordinal);
        Assert.Contains("then posts this, Mon 7 Dec 2026 13:00 UTC", NudgeTestBed.Text(preview), StringComparison.Ordinal);

        var skippedTick = await bed.TickAtAsync(Today1300.AddDays(7));
        Assert.Equal((0, 1, 0), (skippedTick.Posted, skippedTick.Skipped, skippedTick.Failed));
        await bed.TickAtAsync(Today1300.AddDays(14));

        Assert.Equal(["Nudge 0", "Nudge 1"], bed.Discord.Posts.Select(p => p.Title));
        var deliveries = await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct);
        Assert.Equal([DeliveryState.Sent, DeliveryState.Skipped, DeliveryState.Sent], deliveries.Select(d => d.State));
        Assert.Equal("skipped by a moderator (/nudge skip)", deliveries[1].Error);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal((2, false, (DateTimeOffset?)null), (stored.RotationPosition, stored.Failing, stored.SkipUtc));
    }

    [Fact]
    public async Task A_skipped_run_missed_in_a_long_downtime_still_lets_the_run_inside_the_grace_post_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("skip", ("id", schedule.Id));

        // Down from before the skipped run until 30 minutes after the next one, which is inside the 1 h grace.
        bed.Restart();
        var back = Today1300.AddDays(7).AddMinutes(30);
        await bed.TickAtAsync(back);
        await bed.TickAtAsync(back + TimeSpan.FromSeconds(15));

        Assert.Single(bed.Discord.Posts);
        var deliveries = await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct);
        Assert.Equal([DeliveryState.Skipped, DeliveryState.Sent], deliveries.Select(d => d.State));
        Assert.Equal("skipped by a moderator (/nudge skip)", deliveries[0].Error);
    }

    [Fact]
    public async Task Skip_and_undo_are_stored_and_hold_through_restarts()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("skip", ("id", schedule.Id));

        // A new process on the same database file sees the mark and honours it.
        await using (var reopened = new SqliteNudgeStore($"Data Source={bed.DatabasePath}", bed.Time, NullLogger<SqliteNudgeStore>.Instance))
        {
            Assert.Equal(Today1300, (await reopened.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.SkipUtc);
        }

        bed.Restart();
        Assert.Contains("is skipped", NudgeTestBed.Text(await bed.NudgeAsync("list")), StringComparison.Ordinal);
        var undo = await bed.NudgeAsync("skip", ("id", schedule.Id), ("undo", "undo"));
        Assert.StartsWith("Restored n1's run of Mon 23 Nov 2026 13:00 UTC (", NudgeTestBed.Text(undo), StringComparison.Ordinal);

        bed.Restart();
        await bed.TickAtAsync(Today1300);
        Assert.Equal("Nudge 0", Assert.Single(bed.Discord.Posts).Title);

        await bed.NudgeAsync("skip", ("id", schedule.Id));
        bed.Restart();
        Assert.Equal(1, (await bed.TickAtAsync(Today1300.AddDays(7))).Skipped);
        Assert.Empty(bed.Discord.Posts);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("undo")]
    public async Task Undo_is_the_word_on_text_platforms_and_a_boolean_on_Discord(string value)
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("skip", ("id", schedule.Id));

        await bed.NudgeAsync("skip", ("id", schedule.Id), ("undo", value));

        Assert.Null((await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.SkipUtc);
    }

    [Fact]
    public async Task Skip_and_undo_refuse_what_they_cannot_do_and_change_nothing()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        Assert.Contains("has no skipped run to restore", Text(await bed.NudgeAsync("skip", ("id", schedule.Id), ("undo", "true"))), StringComparison.Ordinal);
        Assert.Contains("later is not undo", Text(await bed.NudgeAsync("skip", ("id", schedule.Id), ("undo", "later"))), StringComparison.Ordinal);
        Assert.Contains("There is no schedule n7 here", Text(await bed.NudgeAsync("skip", ("id", "n7"))), StringComparison.Ordinal);
        Assert.Contains("Only moderators", Text(await bed.NudgeAsAsync(Platform.Discord, NudgeTestBed.Tenant, moderator: false, "skip", ("id", schedule.Id))), StringComparison.Ordinal);
        Assert.Null((await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.SkipUtc);

        await bed.NudgeAsync("skip", ("id", schedule.Id));
        Assert.Contains("is already skipped", Text(await bed.NudgeAsync("skip", ("id", schedule.Id))), StringComparison.Ordinal);

        // Once the skipped run is due it is too late to restore it; it is recorded as skipped.
        bed.Time.SetUtcNow(Today1300);
        Assert.Contains("Too late", Text(await bed.NudgeAsync("skip", ("id", schedule.Id), ("undo", "true"))), StringComparison.Ordinal);
        Assert.Equal(1, (await bed.Scheduler.RunOnceAsync(NudgeTestBed.Ct)).Skipped);

        // A run already due cannot be skipped (it may be posting); a paused schedule has no run to skip.
        await bed.NudgeAsync("pause", ("id", schedule.Id));
        Assert.Contains("is paused", Text(await bed.NudgeAsync("skip", ("id", schedule.Id))), StringComparison.Ordinal);
        Assert.Null((await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.SkipUtc);
    }

    private static string Text(Il6Bot.Messages.Reply reply) => NudgeTestBed.Text(reply);
}
