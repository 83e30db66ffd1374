using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Delivery;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

/// <summary>
/// The background loop on a fake clock wakes at the due instant itself, not up to a fixed tick later: the clock is moved
/// to exactly the occurrence (never past it), and the post is attempted with the clock reading the occurrence.
/// </summary>
public sealed class NudgeSchedulerWakeTests
{
    /// <summary>Monday 13:00 UTC, the occurrence of "mon 13:00".</summary>
    private static readonly DateTimeOffset Occurrence = NudgeTestBed.Monday.AddHours(1);

    private static CancellationToken Ct => NudgeTestBed.Ct;

    [Fact]
    public async Task The_loop_sleeps_until_the_occurrence_and_posts_at_that_instant()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: Occurrence.AddSeconds(-1.5));
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.Scheduler.StartAsync(Ct);
        try
        {
            await bed.SchedulerTicks.WaitForSleepAsync(1, Ct);

            // 0.1 s short of the occurrence nothing wakes; the last 0.1 s does (a 15 s tick would not have).
            bed.Time.Advance(TimeSpan.FromSeconds(1.4));
            Assert.Equal(1, bed.SchedulerTicks.Sleeps);
            Assert.Empty(bed.Discord.Posts);
            bed.Time.Advance(TimeSpan.FromSeconds(0.1));
            await bed.SchedulerTicks.WaitForSleepAsync(2, Ct);
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }

        Assert.Single(bed.Discord.Posts);
        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal((DeliveryState.Sent, Occurrence), (delivery.State, delivery.UpdatedAt));
        Assert.Equal(Occurrence, bed.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_schedule_created_on_this_instance_wakes_the_sleeping_loop_for_its_first_run()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: Occurrence.AddSeconds(-3));
        await bed.Scheduler.StartAsync(Ct);
        try
        {
            // Nothing stored: the loop sleeps a whole poll interval (5 s), past the occurrence 3 s away.
            await bed.SchedulerTicks.WaitForSleepAsync(1, Ct);
            Assert.True(bed.Options.CurrentValue.PollInterval > TimeSpan.FromSeconds(3));
            var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");

            bed.Time.Advance(TimeSpan.FromSeconds(3));
            await bed.SchedulerTicks.WaitForSleepAsync(2, Ct);
            var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(schedule.Id, Ct));
            Assert.Equal((DeliveryState.Sent, Occurrence), (delivery.State, delivery.UpdatedAt));
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_resumed_schedule_wakes_the_sleeping_loop_for_its_next_run()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: Occurrence.AddSeconds(-3));
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("pause", ("id", schedule.Id));
        await bed.Scheduler.StartAsync(Ct);
        try
        {
            await bed.SchedulerTicks.WaitForSleepAsync(1, Ct);
            await bed.NudgeAsync("resume", ("id", schedule.Id));

            bed.Time.Advance(TimeSpan.FromSeconds(3));
            await bed.SchedulerTicks.WaitForSleepAsync(2, Ct);
            Assert.Single(bed.Discord.Posts);
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_schedule_another_instance_stored_is_seen_at_the_next_poll_and_posted_at_its_instant()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: Occurrence.AddSeconds(-8));
        await bed.Scheduler.StartAsync(Ct);
        try
        {
            await bed.SchedulerTicks.WaitForSleepAsync(1, Ct);

            // Written straight to the store, as another bot process would: nothing on this instance is told.
            var created = await bed.Store.CreateAsync(
                new NewNudgeSchedule(Platform.Discord, NudgeTestBed.Tenant, "C1", DayOfWeek.Monday, new TimeOnly(13, 0), "UTC", "u2", Occurrence, bed.Time.GetUtcNow()),
                Ct);

            var poll = bed.Options.CurrentValue.PollInterval;
            bed.Time.Advance(poll);
            await bed.SchedulerTicks.WaitForSleepAsync(2, Ct);
            Assert.Empty(bed.Discord.Posts);
            bed.Time.Advance(TimeSpan.FromSeconds(8) - poll);
            await bed.SchedulerTicks.WaitForSleepAsync(3, Ct);

            var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync(created.Id, Ct));
            Assert.Equal((DeliveryState.Sent, Occurrence), (delivery.State, delivery.UpdatedAt));
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_nothing_due_the_loop_looks_at_the_store_once_per_poll_interval_and_never_spins()
    {
        await using var bed = await NudgeTestBed.CreateAsync(nudgeCount: 0, start: Occurrence.AddSeconds(-1));
        await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.Scheduler.StartAsync(Ct);
        try
        {
            // Due but unpostable (no nudges loaded): it stays due, and the loop retries it each poll, not in a loop.
            await bed.SchedulerTicks.WaitForSleepAsync(1, Ct);
            bed.Time.Advance(TimeSpan.FromSeconds(1));
            await bed.SchedulerTicks.WaitForSleepAsync(2, Ct);
            var sleeps = bed.SchedulerTicks.Sleeps;
            bed.Time.Advance(bed.Options.CurrentValue.PollInterval - TimeSpan.FromMilliseconds(1));
            Assert.Equal(sleeps, bed.SchedulerTicks.Sleeps);
            bed.Time.Advance(TimeSpan.FromMilliseconds(1));
            await bed.SchedulerTicks.WaitForSleepAsync(sleeps + 1, Ct);
            Assert.Empty(bed.Discord.Posts);
        }
        finally
        {
            await bed.Scheduler.StopAsync(CancellationToken.None);
        }
    }
}
