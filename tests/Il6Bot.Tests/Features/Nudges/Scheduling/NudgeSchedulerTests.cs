using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;
using Il6Bot.Tests.Observability;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

public sealed class NudgeSchedulerTests
{
    private static readonly TimeSpan Tick = NudgeScheduler.TickInterval;

    [Fact]
    public async Task Fires_exactly_once_a_week()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        Assert.Equal(NudgeTestBed.Monday.AddHours(1), schedule.NextRunUtc);

        // Tick a few times around each of four occurrences; only the occurrence itself posts.
        for (var week = 0; week < 4; week++)
        {
            var occurrence = NudgeTestBed.Monday.AddHours(1).AddDays(7 * week);
            await bed.TickAtAsync(occurrence - Tick);
            Assert.Equal(week, bed.Discord.Posts.Count);
            await bed.TickAtAsync(occurrence);
            await bed.TickAtAsync(occurrence + Tick);
            await bed.TickAtAsync(occurrence + TimeSpan.FromHours(5));
            Assert.Equal(week + 1, bed.Discord.Posts.Count);
        }

        Assert.All(bed.Discord.Posts, p => Assert.Equal("C1", p.ChannelId));
        Assert.Equal(4, bed.Discord.Posts.Select(p => p.IdempotencyKey).Distinct().Count());
        var deliveries = await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct);
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.Equal(
            ["2026-11-23 13:00 UTC", "2026-11-30 13:00 UTC", "2026-12-07 13:00 UTC", "2026-12-14 13:00 UTC"],
            deliveries.Select(d => d.OccurrenceLocal));
    }

    [Fact]
    public async Task Nine_oclock_Berlin_posts_at_nine_local_on_both_sides_of_each_DST_change()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
        var schedule = await bed.ScheduleAsync("C1", "sun", "09:00", "Europe/Berlin");

        // Every 15 minutes would be 2,700 ticks per four weeks; hourly ticks plus the exact minute are enough to show the instants.
        await bed.TickUntilAsync(new DateTimeOffset(2026, 4, 6, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));
        bed.Time.SetUtcNow(new DateTimeOffset(2026, 10, 17, 0, 0, 0, TimeSpan.Zero));
        await bed.TickAtAsync(bed.Time.GetUtcNow()); // the run missed while the clock jumped is skipped, not posted
        await bed.TickUntilAsync(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));

        var sent = (await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct)).Where(d => d.State == DeliveryState.Sent).ToList();
        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 22, 8, 0, 0, TimeSpan.Zero),   // CET
                new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero),   // CEST from 29 March
                new DateTimeOffset(2026, 4, 5, 7, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 18, 7, 0, 0, TimeSpan.Zero),  // still CEST
                new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero),  // CET from 25 October
                new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
            ],
            sent.Select(d => d.OccurrenceUtc));
        Assert.All(sent, d => Assert.Contains(" 09:00 Europe/Berlin", d.OccurrenceLocal, StringComparison.Ordinal));
        Assert.Equal(6, bed.Discord.Posts.Count);
    }

    [Fact]
    public async Task Half_past_two_on_the_spring_forward_day_posts_at_three()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var schedule = await bed.ScheduleAsync("C1", "sun", "02:30", "Europe/Berlin");

        await bed.TickUntilAsync(new DateTimeOffset(2026, 3, 29, 0, 59, 45, TimeSpan.Zero), Tick * 4);
        await bed.TickAtAsync(new DateTimeOffset(2026, 3, 29, 0, 59, 45, TimeSpan.Zero));
        Assert.Empty(bed.Discord.Posts);

        await bed.TickUntilAsync(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.Zero), Tick);

        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), delivery.OccurrenceUtc);
        Assert.Equal("2026-03-29 03:00 Europe/Berlin", delivery.OccurrenceLocal);
        Assert.Single(bed.Discord.Posts);
    }

    [Fact]
    public async Task Half_past_two_on_the_fall_back_day_posts_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        var schedule = await bed.ScheduleAsync("C1", "sun", "02:30", "Europe/Berlin");

        // Through the whole repeated hour (00:00-02:00 UTC is 02:00-02:59 twice) at the loop's own interval.
        await bed.TickUntilAsync(new DateTimeOffset(2026, 10, 25, 4, 0, 0, TimeSpan.Zero), Tick);

        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), delivery.OccurrenceUtc);
        Assert.Single(bed.Discord.Posts);
        var next = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.NextRunUtc;
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public async Task An_occurrence_missed_within_the_grace_is_posted_once_on_start()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        // Down from before 13:00 until 13:40 (grace 1 h): the new process posts it on its first tick.
        bed.Restart();
        var summary = await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddMinutes(40));
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddMinutes(41));

        Assert.Equal(1, summary.Posted);
        var post = Assert.Single(bed.Discord.Posts);
        Assert.Equal("Nudge 0", post.Title);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal(NudgeTestBed.Monday.AddHours(1).AddDays(7), stored.NextRunUtc);
    }

    [Fact]
    public async Task An_occurrence_missed_by_exactly_the_grace_is_still_posted()
    {
        // Inclusive, as when a stale "sending" row is settled: only beyond the grace is an occurrence skipped.
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");

        bed.Restart();
        var summary = await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1) + bed.Options.CurrentValue.MisfireGrace);

        Assert.Equal(1, summary.Posted);
        Assert.Equal("Nudge 0", Assert.Single(bed.Discord.Posts).Title);
    }

    [Fact]
    public async Task Occurrences_missed_beyond_the_grace_are_skipped_recorded_listed_and_never_caught_up()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        // Three weeks and two hours of downtime: four occurrences missed, one skip recorded, no burst.
        bed.Restart();
        var back = NudgeTestBed.Monday.AddDays(21).AddHours(3);
        var summary = await bed.TickAtAsync(back);
        await bed.TickAtAsync(back + Tick);
        await bed.TickAtAsync(back + TimeSpan.FromHours(1));

        Assert.Equal(new TickSummary(0, 0, 1, 0, 0, 0), summary);
        Assert.Empty(bed.Discord.Posts);
        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));
        Assert.Equal(DeliveryState.Skipped, delivery.State);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal(NudgeTestBed.Monday.AddHours(1).AddDays(28), stored.NextRunUtc);

        var list = NudgeTestBed.Text(await bed.NudgeAsync("list"));
        Assert.Contains("skipped 2026-11-23 13:00 UTC: missed by 21 days 2 h during downtime", list, StringComparison.Ordinal);

        // The next real occurrence posts normally, starting the rotation at the first nudge.
        await bed.TickAtAsync(stored.NextRunUtc);
        Assert.Equal("Nudge 0", Assert.Single(bed.Discord.Posts).Title);
    }

    [Fact]
    public async Task After_long_downtime_the_latest_occurrence_still_inside_the_grace_is_posted_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

        // Down for three weeks, back 30 minutes after the fourth Monday's 13:00: the first missed week is
        // recorded as skipped, the one 30 minutes ago is still inside the 1 h grace and goes out once.
        bed.Restart();
        var back = NudgeTestBed.Monday.AddDays(21).AddHours(1).AddMinutes(30);
        var first = await bed.TickAtAsync(back);
        var second = await bed.TickAtAsync(back + Tick);
        await bed.TickAtAsync(back + TimeSpan.FromMinutes(20));

        Assert.Equal(1, first.Skipped);
        Assert.Equal(1, second.Posted);
        Assert.Single(bed.Discord.Posts);
        var deliveries = await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct);
        Assert.Equal([DeliveryState.Skipped, DeliveryState.Sent], deliveries.OrderBy(d => d.OccurrenceUtc).Select(d => d.State));
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.Equal(NudgeTestBed.Monday.AddHours(1).AddDays(28), stored.NextRunUtc);
    }

    [Fact]
    public async Task Rotation_posts_every_nudge_in_order_before_repeating_one()
    {
        await using var bed = await NudgeTestBed.CreateAsync(nudgeCount: 5);
        await bed.ScheduleAsync("C1", "mon", "13:00");

        for (var week = 0; week < 12; week++)
        {
            await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddDays(7 * week));
        }

        Assert.Equal(
            ["Nudge 0", "Nudge 1", "Nudge 2", "Nudge 3", "Nudge 4", "Nudge 0", "Nudge 1", "Nudge 2", "Nudge 3", "Nudge 4", "Nudge 0", "Nudge 1"],
            bed.Discord.Posts.Select(p => p.Title));
    }

    [Fact]
    public async Task Schedules_rotate_independently()
    {
        await using var bed = await NudgeTestBed.CreateAsync(nudgeCount: 3);
        await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1));
        await bed.ScheduleAsync("C2", "mon", "14:00");
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(2));

        Assert.Equal([("C1", "Nudge 0"), ("C2", "Nudge 0")], bed.Discord.Posts.Select(p => (p.ChannelId, p.Title)));
    }

    [Fact]
    public async Task A_permanent_failure_marks_the_schedule_failing_and_is_not_retried()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.FailWith = PostResult.Permanent("403 Missing Access");

        await bed.TickUntilAsync(NudgeTestBed.Monday.AddHours(3), Tick);

        Assert.Equal(1, bed.Discord.Attempts);
        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, NudgeTestBed.Ct));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Equal("403 Missing Access", delivery.Error);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.True(stored.Failing);
        Assert.Contains("FAILING", NudgeTestBed.Text(await bed.NudgeAsync("list")), StringComparison.Ordinal);

        // Access fixed: the next week's occurrence posts and clears the flag.
        bed.Discord.FailWith = null;
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1).AddDays(7));
        Assert.Equal(2, bed.Discord.Attempts);
        Assert.False((await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!.Failing);
    }

    [Fact]
    public async Task A_transient_failure_is_recorded_without_marking_the_schedule_failing()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.FailWith = PostResult.Transient("503 after 3 tries");

        var summary = await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1));
        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1) + Tick);

        Assert.Equal(1, summary.Failed);
        Assert.Equal(1, bed.Discord.Attempts);
        var stored = (await bed.Store.GetAsync(Platform.Discord, NudgeTestBed.Tenant, schedule.Id, NudgeTestBed.Ct))!;
        Assert.False(stored.Failing);
        Assert.Contains("failed 2026-11-23 13:00 UTC: 503 after 3 tries", NudgeTestBed.Text(await bed.NudgeAsync("list")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_failing_schedule_does_not_stop_the_others()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.ScheduleAsync("S1", "mon", "13:00", platform: Platform.Slack);

        // A broken poster must not keep the Slack schedule from posting.
        bed.Restart();
        var throwing = new ThrowingPoster();
        var dispatcher = new NudgeDispatcher(bed.Store, bed.Content, [throwing, bed.Slack], bed.Policy, TestMetrics.New(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NudgeDispatcher>.Instance);
        var scheduler = new NudgeScheduler(bed.Store, dispatcher, bed.Occurrences, bed.Options, bed.Time, StartedLifetime.Instance, TestMetrics.New(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NudgeScheduler>.Instance);
        bed.Time.SetUtcNow(NudgeTestBed.Monday.AddHours(1));

        var summary = await scheduler.RunOnceAsync(NudgeTestBed.Ct);

        Assert.Equal(1, summary.Posted);
        Assert.Equal(1, summary.Failed);
        Assert.Single(bed.Slack.Posts);
    }

    [Fact]
    public async Task Two_schedulers_on_one_store_post_an_occurrence_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        var other = new NudgeScheduler(bed.Store, bed.Dispatcher, bed.Occurrences, bed.Options, bed.Time, StartedLifetime.Instance, TestMetrics.New(), Microsoft.Extensions.Logging.Abstractions.NullLogger<NudgeScheduler>.Instance);
        bed.Time.SetUtcNow(NudgeTestBed.Monday.AddHours(1));

        await Task.WhenAll(bed.Scheduler.RunOnceAsync(NudgeTestBed.Ct), other.RunOnceAsync(NudgeTestBed.Ct));

        Assert.Single(bed.Discord.Posts);
    }

    [Fact]
    public async Task A_paused_schedule_does_not_post_and_resuming_does_not_catch_up()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        Assert.Contains("Paused n1", NudgeTestBed.Text(await bed.NudgeAsync("pause", ("id", schedule.Id))), StringComparison.Ordinal);

        await bed.TickUntilAsync(NudgeTestBed.Monday.AddDays(8), TimeSpan.FromHours(1));
        Assert.Empty(bed.Discord.Posts);

        var resumed = NudgeTestBed.Text(await bed.NudgeAsync("resume", ("id", schedule.Id)));
        Assert.Contains("Resumed n1. Next run: Mon 7 Dec 2026 13:00 UTC", resumed, StringComparison.Ordinal);
        await bed.TickAtAsync(bed.Time.GetUtcNow() + Tick);
        Assert.Empty(bed.Discord.Posts);
        await bed.TickAtAsync(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero));
        Assert.Single(bed.Discord.Posts);
    }

    [Fact]
    public async Task A_cancelled_schedule_never_posts()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("cancel", ("id", schedule.Id));

        await bed.TickAtAsync(NudgeTestBed.Monday.AddHours(1));

        Assert.Empty(bed.Discord.Posts);
        Assert.Contains("No nudges are scheduled here", NudgeTestBed.Text(await bed.NudgeAsync("list")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_background_loop_ticks_on_the_fake_clock_and_posts_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: NudgeTestBed.Monday.AddHours(1).AddSeconds(-5));
        await bed.ScheduleAsync("C1", "mon", "13:00");
        var ticks = new List<TaskCompletionSource<TickSummary>> { New(), New(), New() };
        var completed = 0;
        bed.SchedulerTicks.Completed += summary => ticks[Math.Min(Interlocked.Increment(ref completed), ticks.Count) - 1].TrySetResult(summary);

        await bed.Scheduler.StartAsync(NudgeTestBed.Ct);
        try
        {
            // First tick at start (5 s early: nothing due); the loop then sleeps until the occurrence, which the clock
            // reaches 15 s later; after it, a poll interval later, a tick that finds nothing more.
            Assert.Equal(0, (await ticks[0].Task.WaitAsync(TimeSpan.FromSeconds(30), NudgeTestBed.Ct)).Posted);
            await bed.SchedulerTicks.WaitForSleepAsync(1, NudgeTestBed.Ct);
            bed.Time.Advance(Tick);
            Assert.Equal(1, (await ticks[1].Task.WaitAsync(TimeSpan.FromSeconds(30), NudgeTestBed.Ct)).Posted);
            await bed.SchedulerTicks.WaitForSleepAsync(2, NudgeTestBed.Ct);
            bed.Time.Advance(Tick);
            Assert.Equal(0, (await ticks[2].Task.WaitAsync(TimeSpan.FromSeconds(30), NudgeTestBed.Ct)).Posted);
            Assert.Single(bed.Discord.Posts);
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }

        static TaskCompletionSource<TickSummary> New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ThrowingPoster : INudgePoster
    {
        public Platform Platform => Platform.Discord;

        public DeliveryGuarantees Guarantees => DeliveryGuarantees.None;

        public Task<PostResult> PostAsync(string channelId, Il6Bot.Messages.Reply message, string idempotencyKey, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");

        public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) => Task.FromResult(ChannelCheck.Ok);

        public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
            Task.FromResult(LookupResult.Unknown);
    }
}
