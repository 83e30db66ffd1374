using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Commands;

public sealed class NudgeCommandHandlerTests
{
    [Fact]
    public async Task Schedule_replies_with_the_id_and_the_next_three_runs_in_local_time()
    {
        await using var bed = await NudgeTestBed.CreateAsync();

        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", "Monday"), ("time", "09:00"), ("timezone", "Europe/Berlin"));

        Assert.True(reply.Ephemeral);
        var text = NudgeTestBed.Text(reply);
        Assert.StartsWith("Scheduled n1: every Monday 09:00 Europe/Berlin in #C1. Next runs:", text, StringComparison.Ordinal);
        Assert.Contains("Mon 30 Nov 2026 09:00 Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("Mon 7 Dec 2026 09:00 Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("Mon 14 Dec 2026 09:00 Europe/Berlin", text, StringComparison.Ordinal);
        var timestamps = Inlines(reply).OfType<TimestampInline>().ToList();
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), timestamps[0].Instant);
        Assert.Equal(3, timestamps.Count);
        Assert.Contains(Inlines(reply), i => i is ChannelInline { ChannelId: "C1" });

        var stored = Assert.Single(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", "C1", "u1"), (stored.Day, stored.LocalTime, stored.TimeZoneId, stored.ChannelId, stored.CreatedBy));
        Assert.Equal(timestamps[0].Instant, stored.NextRunUtc);
    }

    [Fact]
    public async Task Schedule_without_a_zone_uses_the_configured_default()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        bed.Options.CurrentValue = new NudgesOptions { DefaultTimeZone = "America/New_York" };

        var schedule = await bed.ScheduleAsync("C1", "fri", "7:05");

        Assert.Equal(("America/New_York", new TimeOnly(7, 5), DayOfWeek.Friday, "C1"), (schedule.TimeZoneId, schedule.LocalTime, schedule.Day, schedule.ChannelId));
    }

    [Theory]
    [InlineData("funday", "09:00", "Europe/Berlin", "`funday` is not a day of the week. Type one of `mon`")]
    [InlineData("mon", "25:00", "Europe/Berlin", "`25:00` is not a time. Type a 24-hour time as HH:mm")]
    [InlineData("mon", "9am", "Europe/Berlin", "`9am` is not a time.")]
    [InlineData("mon", "09:00", "Mars/Olympus", "`Mars/Olympus` is not a time zone I know. Type an IANA zone id such as `Europe/Berlin`")]
    public async Task Bad_input_gets_an_ephemeral_error_saying_what_to_type_and_stores_nothing(string day, string time, string zone, string expected)
    {
        await using var bed = await NudgeTestBed.CreateAsync();

        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", day), ("time", time), ("timezone", zone));

        Assert.True(reply.Ephemeral);
        Assert.Contains(expected.Replace("`", string.Empty, StringComparison.Ordinal), NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task A_channel_the_bot_cannot_post_to_is_refused_and_nothing_is_stored()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        bed.Discord.ForbiddenChannels.Add("C-locked");

        var reply = await bed.NudgeAsync("schedule", ("channel", "C-locked"), ("day", "mon"), ("time", "09:00"));

        Assert.True(reply.Ephemeral);
        Assert.StartsWith("I can't post in #C-locked (missing access). Add me to that channel", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
    }

    [Theory]
    [InlineData("schedule")]
    [InlineData("list")]
    [InlineData("cancel")]
    [InlineData("send")]
    public async Task Non_moderators_are_refused_and_nothing_changes(string subcommand)
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var existing = await bed.ScheduleAsync("C1", "mon", "13:00");

        var reply = await bed.NudgeAsAsync(Platform.Discord, NudgeTestBed.Tenant, moderator: false, subcommand,
            ("channel", "C2"), ("day", "tue"), ("time", "10:00"), ("id", existing.Id));

        Assert.True(reply.Ephemeral);
        Assert.StartsWith("Only moderators can use /nudge", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Equal([existing.Id], (await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct)).Select(s => s.Id));
        Assert.Empty(bed.Discord.Posts);
    }

    [Fact]
    public async Task The_spec_is_moderator_only_with_the_contract_subcommands()
    {
        await using var bed = await NudgeTestBed.CreateAsync();

        Assert.True(bed.Handler.Spec.ModeratorOnly);
        Assert.Equal(["schedule", "list", "cancel", "pause", "resume", "preview", "send", "edit", "skip"], bed.Handler.Spec.Subcommands.Select(s => s.Name));
        Assert.Equal("`/nudge schedule channel day time [timezone] [mention] [topics]`", CommandTextParser.Usage(bed.Handler.Spec, "schedule"));
        Assert.Equal("`/nudge edit id [day] [time] [timezone] [channel] [mention] [topics] [clear]`", CommandTextParser.Usage(bed.Handler.Spec, "edit"));
        Assert.Equal("`/nudge skip id [undo]`", CommandTextParser.Usage(bed.Handler.Spec, "skip"));
        Assert.Equal(OptionKind.Channel, bed.Handler.Spec.Subcommands[0].Options[0].Kind);
    }

    [Fact]
    public async Task Schedules_belong_to_their_tenant()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var mine = await bed.ScheduleAsync("C1", "mon", "13:00");

        var otherList = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Discord, "g2", true, "list"));
        var otherCancel = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Discord, "g2", true, "cancel", ("id", mine.Id)));
        var otherPause = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Discord, "g2", true, "pause", ("id", mine.Id)));
        var otherPreview = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Discord, "g2", true, "preview", ("id", mine.Id)));
        var slackSameTenantId = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Slack, NudgeTestBed.Tenant, true, "cancel", ("id", mine.Id)));

        Assert.StartsWith("No nudges are scheduled here yet.", otherList, StringComparison.Ordinal);
        Assert.All([otherCancel, otherPause, otherPreview, slackSameTenantId], t => Assert.StartsWith("There is no schedule n1 here.", t, StringComparison.Ordinal));
        var still = Assert.Single(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
        Assert.False(still.Paused);
    }

    [Fact]
    public async Task List_shows_channel_local_time_zone_next_run_and_last_result()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00", "Europe/Berlin");
        var paused = await bed.ScheduleAsync("C2", "sun", "18:30", "America/New_York");
        await bed.NudgeAsync("pause", ("id", paused.Id));
        await bed.TickAtAsync(NudgeTestBed.Monday.AddDays(7));

        var reply = await bed.NudgeAsync("list");
        var text = NudgeTestBed.Text(reply);

        Assert.True(reply.Ephemeral);
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        var n1 = lines.FindIndex(l => l == "- n1 in #C1: every Monday 13:00 Europe/Berlin");
        Assert.Equal("Next: Mon 7 Dec 2026 13:00 Europe/Berlin (2026-12-07 12:00 UTC)", lines[n1 + 1]);
        Assert.StartsWith("Last result: posted 2026-11-30 13:00 Europe/Berlin", lines[n1 + 2], StringComparison.Ordinal);
        var n2 = lines.FindIndex(l => l == "- n2 in #C2: every Sunday 18:30 America/New_York");
        Assert.Equal("Paused (resume with /nudge resume n2)", lines[n2 + 1]);
        Assert.Equal("Last result: not run yet", lines[n2 + 2]);
        Assert.Contains(Inlines(reply), i => i is TimestampInline t && t.Instant == new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Cancel_removes_the_schedule()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        var reply = NudgeTestBed.Text(await bed.NudgeAsync("cancel", ("id", "N1")));
        var again = NudgeTestBed.Text(await bed.NudgeAsync("cancel", ("id", schedule.Id)));

        Assert.Equal("Cancelled n1. It will not post again.", reply);
        Assert.StartsWith("There is no schedule n1 here.", again, StringComparison.Ordinal);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task Preview_shows_the_schedules_next_nudge_only_to_the_moderator()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1));

        var byId = await bed.NudgeAsync("preview", ("id", schedule.Id));
        var withoutId = await bed.NudgeAsync("preview");

        Assert.True(byId.Ephemeral);
        Assert.Equal("Nudge 1", byId.Title);
        Assert.Contains("n1 posts this next, Mon 30 Nov 2026 13:00 UTC in #C1.", NudgeTestBed.Text(byId), StringComparison.Ordinal);
        Assert.Equal("Nudge 1", withoutId.Title);
        Assert.Single(bed.Discord.Posts);
    }

    [Fact]
    public async Task Send_posts_the_next_nudge_now_and_rotates_per_channel()
    {
        await using var bed = await NudgeTestBed.CreateAsync();

        var first = NudgeTestBed.Text(await bed.NudgeAsync("send", ("channel", "C1")));
        await bed.NudgeAsync("send", ("channel", "C1"));
        await bed.NudgeAsync("send", ("channel", "C2"));

        Assert.Equal("Posted \u201cNudge 0\u201d to #C1.", first);
        Assert.Equal([("C1", "Nudge 0"), ("C1", "Nudge 1"), ("C2", "Nudge 0")], bed.Discord.Posts.Select(p => (p.ChannelId, p.Title)));
        Assert.All(bed.Discord.Posts, p => Assert.InRange(p.IdempotencyKey.Length, 1, 25));
        Assert.False(bed.Discord.Posts[0].Message.Ephemeral);
    }

    [Fact]
    public async Task Send_reports_a_failed_post()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        bed.Discord.FailWith = PostResult.Permanent("403 Missing Access");

        var reply = await bed.NudgeAsync("send", ("channel", "C1"));

        Assert.True(reply.Ephemeral);
        Assert.Equal("Could not post \u201cNudge 0\u201d to #C1: 403 Missing Access.", NudgeTestBed.Text(reply));
    }

    [Fact]
    public async Task Day_and_timezone_autocomplete()
    {
        await using var bed = await NudgeTestBed.CreateAsync();

        Assert.Equal(["sat", "sun"], bed.Handler.Complete("day", "s", 25).Select(c => c.Value));
        Assert.Equal(["tue"], bed.Handler.Complete("day", "Tuesday", 25).Select(c => c.Value));
        Assert.Contains("Europe/Berlin", bed.Handler.Complete("timezone", "berl", 25).Select(c => c.Value));
        Assert.True(bed.Handler.Complete("timezone", "", 25).Count <= 25);
    }

    private static IEnumerable<MessageInline> Inlines(Reply reply) => Walk(reply.Body.Blocks);

    private static IEnumerable<MessageInline> Walk(IEnumerable<MessageBlock> blocks) => blocks.SelectMany(block => block switch
    {
        ParagraphBlock p => p.Inlines,
        ListBlock l => l.Items.SelectMany(Walk),
        _ => [],
    });
}
