using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Tests.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary><c>/nudge edit</c>: what changes, what stays, and that an edit never posts an occurrence twice.</summary>
public sealed class NudgeEditTests
{
    private static readonly DateTimeOffset Today1300 = NudgeTestBed.Monday.AddHours(1);

    [Fact]
    public async Task Edit_changes_every_field_given_and_keeps_id_rotation_creator_and_history()
    {
        await using var bed = await NudgeTestBed.CreateAsync(topics: ["how", "what", "how"]);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(Today1300);

        var reply = await EditAsAsync(bed, "mod-2", schedule.Id, ("day", "wed"), ("time", "07:30"), ("timezone", "europe/berlin"),
            ("channel", "C2"), ("mention", "group:777"), ("topics", "how"));

        Assert.True(reply.Ephemeral);
        var text = NudgeTestBed.Text(reply);
        Assert.StartsWith("Edited n1: every Wednesday 07:30 Europe/Berlin in #C2 (pings group 777, topics how). Next runs:", text, StringComparison.Ordinal);
        Assert.Contains("Wed 25 Nov 2026 07:30 Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("Wed 9 Dec 2026 07:30 Europe/Berlin", text, StringComparison.Ordinal);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal((DayOfWeek.Wednesday, new TimeOnly(7, 30), "Europe/Berlin", "C2"), (stored.Day, stored.LocalTime, stored.TimeZoneId, stored.ChannelId));
        Assert.Equal((MentionTarget.Group("777"), "how"), (stored.Mention, stored.Topics));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 30, 0, TimeSpan.Zero), stored.NextRunUtc);
        Assert.Equal((1, "u1", "mod-2", "mod-2"), (stored.RotationPosition, stored.CreatedBy, stored.EditedBy, stored.Owner));
        Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));

        // The next run posts where and as edited, continuing the rotation within the new topics (how: nudges 0 and 2).
        await bed.TickAtAsync(stored.NextRunUtc);
        var post = bed.Discord.Posts[^1];
        Assert.Equal(("C2", "Nudge 2", MentionTarget.Group("777")), (post.ChannelId, post.Title, post.Message.Mention));
    }

    [Fact]
    public async Task Edit_changes_only_what_is_given()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        await bed.NudgeAsync("edit", ("id", schedule.Id), ("mention", "here"));
        var mentioned = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("clear", "mention"));
        var cleared = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("topics", "how"));
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("topics", "all"));
        var all = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;

        Assert.Equal(schedule with { Mention = MentionTarget.Here, EditedBy = "u1", EditedAt = mentioned.EditedAt }, mentioned);
        Assert.Equal(schedule with { EditedBy = "u1", EditedAt = cleared.EditedAt }, cleared);
        Assert.Equal(schedule with { EditedBy = "u1", EditedAt = all.EditedAt }, all);
        Assert.Equal(NudgeTestBed.Monday, all.EditedAt);
    }

    [Fact]
    public async Task Edit_by_a_non_moderator_is_refused_and_changes_nothing()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        var reply = await bed.NudgeAsAsync(Platform.Discord, NudgeTestBed.Tenant, moderator: false, "edit", ("id", schedule.Id), ("time", "14:00"));

        Assert.True(reply.Ephemeral);
        Assert.Contains("Only moderators", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Equal(schedule, await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct));
    }

    [Theory]
    [InlineData("day", "funday", "is not a day of the week")]
    [InlineData("time", "25:00", "is not a time")]
    [InlineData("timezone", "Mars/Base", "is not a time zone I know")]
    [InlineData("mention", "everyone", "never pings @everyone")]
    [InlineData("mention", "channel", "never pings @channel")]
    [InlineData("mention", "<@&1>", "is not a mention I can use")]
    [InlineData("topics", "how,cardio", "cardio is not a topic with nudges. Type one or more of how")]
    [InlineData("clear", "day", "is not something I can take off")]
    [InlineData("channel", "forbidden", "I can't post in")]
    public async Task Bad_input_is_refused_saying_what_to_type_and_stores_nothing(string option, string value, string expected)
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.ForbiddenChannels.Add("forbidden");

        // A valid change beside the bad one: nothing of it is stored either.
        var valid = option == "day" ? ("time", "14:00") : ("day", "tue");
        var reply = await bed.NudgeAsync("edit", ("id", schedule.Id), valid, (option, value));

        Assert.True(reply.Ephemeral);
        Assert.Contains(expected, NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Equal(schedule, await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task Edit_without_changes_or_of_an_unknown_id_says_so()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        Assert.Contains("Say what to change for n1", NudgeTestBed.Text(await bed.NudgeAsync("edit", ("id", schedule.Id))), StringComparison.Ordinal);
        Assert.Contains("There is no schedule n9 here", NudgeTestBed.Text(await bed.NudgeAsync("edit", ("id", "n9"), ("time", "10:00"))), StringComparison.Ordinal);
        Assert.Contains("There is no schedule n1 here",
            NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Discord, "other-guild", moderator: true, "edit", ("id", "n1"), ("time", "10:00"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_todays_posted_run_later_today_does_not_post_today_twice()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(Today1300);
        bed.Time.Advance(TimeSpan.FromSeconds(30));

        var reply = await bed.NudgeAsync("edit", ("id", schedule.Id), ("time", "14:00"));

        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal(NudgeTestBed.Monday.AddDays(7).AddHours(2), stored.NextRunUtc);
        Assert.Contains("Mon 30 Nov 2026 14:00 UTC", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(2));
        Assert.Single(bed.Discord.Posts);

        // Moving to another day is a new day's run, and posts.
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("day", "tue"));
        await bed.TickAtAsync(NudgeTestBed.Monday.AddDays(1).AddHours(2));
        Assert.Equal(2, bed.Discord.Posts.Count);
    }

    [Fact]
    public async Task Pausing_and_resuming_after_moving_todays_posted_run_later_today_does_not_post_today_twice()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(Today1300);
        bed.Time.Advance(TimeSpan.FromMinutes(30));
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("time", "14:00"));

        await bed.NudgeAsync("pause", ("id", schedule.Id));
        var reply = await bed.NudgeAsync("resume", ("id", schedule.Id));

        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal(NudgeTestBed.Monday.AddDays(7).AddHours(2), stored.NextRunUtc);
        Assert.Contains("Mon 30 Nov 2026 14:00 UTC", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(2));
        Assert.Single(bed.Discord.Posts);
    }

    [Fact]
    public async Task An_edit_racing_the_claim_of_the_due_minute_is_worked_out_again_and_does_not_post_twice()
    {
        InterceptingNudgeStore store = null!;
        await using var bed = NudgeTestBed.Around(inner => store = new InterceptingNudgeStore(inner));
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Time.SetUtcNow(Today1300);

        // The scheduler claims and posts 13:00 after the edit read the schedule (still due) and before it writes.
        store.BeforeNextUpdate = async () => Assert.Equal(1, (await bed.Scheduler.RunOnceAsync(NudgeTestBed.Ct)).Posted);
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("time", "13:30"));

        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal((NudgeTestBed.Monday.AddDays(7).AddHours(1.5), 1), (stored.NextRunUtc, stored.RotationPosition));
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1.5));
        Assert.Single(bed.Discord.Posts);
        Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task An_edit_of_channel_mention_and_topics_between_the_schedulers_read_and_its_claim_posts_as_edited()
    {
        InterceptingNudgeStore store = null!;
        await using var bed = NudgeTestBed.Around(inner => store = new InterceptingNudgeStore(inner));
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Time.SetUtcNow(Today1300);

        // The scheduler has read n1 as due; the edit leaves the next run as it is, so it is not refused.
        store.BeforeNextClaim = async () =>
        {
            var reply = await bed.NudgeAsync("edit", ("id", schedule.Id), ("channel", "C2"), ("mention", "group:777"));
            Assert.StartsWith("Edited n1: every Monday 13:00 UTC in #C2", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        };
        var summary = await bed.Scheduler.RunOnceAsync(NudgeTestBed.Ct);

        Assert.Equal(1, summary.Posted);
        var post = Assert.Single(bed.Discord.Posts);
        Assert.Equal(("C2", MentionTarget.Group("777")), (post.ChannelId, post.Message.Mention));
    }

    [Fact]
    public async Task An_edit_that_wins_against_the_due_minute_moves_it_and_it_posts_once_at_the_new_time()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Time.SetUtcNow(Today1300);

        await bed.NudgeAsync("edit", ("id", schedule.Id), ("time", "13:30"));
        await bed.TickAtAsync(Today1300.AddSeconds(1));
        Assert.Empty(bed.Discord.Posts);
        await bed.TickAtAsync(Today1300.AddMinutes(30));
        await bed.TickAtAsync(Today1300.AddMinutes(31));

        var post = Assert.Single(bed.Discord.Posts);
        Assert.Equal("Nudge 0", post.Title);
        Assert.Equal(DeliveryState.Sent, Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct)).State);
    }

    [Fact]
    public async Task Edit_across_a_DST_change_lists_local_runs_and_says_where_the_clocks_change()
    {
        // Tuesday 17 March 2026; Berlin moves from UTC+1 to UTC+2 on Sunday 29 March at 02:00 (02:30 does not exist).
        await using var bed = await NudgeTestBed.CreateAsync(start: new DateTimeOffset(2026, 3, 17, 12, 0, 0, TimeSpan.Zero));
        var schedule = await bed.ScheduleAsync("C1", "mon", "09:00", "Europe/Berlin");

        var reply = await bed.NudgeAsync("edit", ("id", schedule.Id), ("day", "sun"), ("time", "02:30"));

        var text = NudgeTestBed.Text(reply);
        Assert.Contains("Sun 22 Mar 2026 02:30 Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("Sun 29 Mar 2026 03:00 Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("(clocks change before this run: Europe/Berlin is UTC+02:00 from then, was UTC+01:00)", text, StringComparison.Ordinal);
        Assert.Contains("Sun 5 Apr 2026 02:30 Europe/Berlin", text, StringComparison.Ordinal);
        var instants = reply.Body.Blocks.OfType<ListBlock>().Single().Items
            .SelectMany(item => item.OfType<ParagraphBlock>()).SelectMany(p => p.Inlines).OfType<TimestampInline>().Select(t => t.Instant);
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 22, 1, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 5, 0, 30, 0, TimeSpan.Zero)],
            instants);
        Assert.Equal(new DateTimeOffset(2026, 3, 22, 1, 30, 0, TimeSpan.Zero), (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.NextRunUtc);
    }

    [Fact]
    public async Task A_skipped_run_stays_skipped_when_the_edit_moves_the_next_run()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("skip", ("id", schedule.Id));

        var reply = await bed.NudgeAsync("edit", ("id", schedule.Id), ("time", "15:00"));

        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal((NudgeTestBed.Monday.AddHours(3), (DateTimeOffset?)NudgeTestBed.Monday.AddHours(3)), (stored.NextRunUtc, stored.SkipUtc));
        Assert.Contains("Mon 23 Nov 2026 15:00 UTC \u2014 ", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Contains(" \u2014 skipped", NudgeTestBed.Text(reply), StringComparison.Ordinal);
    }

    private static Task<Reply> EditAsAsync(NudgeTestBed bed, string user, string id, params (string Name, string Value)[] options) =>
        bed.Handler.HandleAsync(
            new CommandRequest(Platform.Discord, NudgeTestBed.Tenant, "C-here", user, true, "nudge", "edit",
                options.Append(("id", id)).ToDictionary(o => o.Item1, o => o.Item2)),
            NudgeTestBed.Ct);
}
