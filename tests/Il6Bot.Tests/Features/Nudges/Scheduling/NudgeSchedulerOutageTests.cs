using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

/// <summary>
/// The scheduler on the real SQLite store while the database file is away: a tick changes nothing, nothing is
/// lost (posted once the file is back) and nothing is posted twice.
/// </summary>
public sealed class NudgeSchedulerOutageTests
{
    /// <summary>The 13:00 UTC occurrence of the schedules below, an hour after <see cref="NudgeTestBed.Monday"/>.</summary>
    private static readonly DateTimeOffset Occurrence = NudgeTestBed.Monday.AddHours(1);

    private static CancellationToken Ct => NudgeTestBed.Ct;

    [Fact]
    public async Task A_tick_while_the_file_is_gone_posts_nothing_and_the_first_tick_after_the_restore_posts_once()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        var away = MoveAway(bed);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => bed.TickAtAsync(Occurrence));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => bed.TickAtAsync(Occurrence.AddSeconds(15)));
        Assert.Equal(0, bed.Discord.Attempts);

        File.Move(away, bed.DatabasePath!);
        Assert.Equal(1, (await bed.TickAtAsync(Occurrence.AddSeconds(30))).Posted);
        Assert.Equal(0, (await bed.TickAtAsync(Occurrence.AddSeconds(45))).Posted);
        Assert.Single(bed.Discord.Posts);
        Assert.Equal(DeliveryState.Sent, Assert.Single(await bed.Store.GetDeliveriesAsync("n1", Ct)).State);
    }

    [Fact]
    public async Task A_post_whose_outcome_could_not_be_recorded_is_resolved_after_the_restore_without_a_second_post()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        string? away = null;
        var poster = new SabotagingPoster(bed.Discord, () => away = MoveAway(bed));
        var dispatcher = new NudgeDispatcher(bed.Store, bed.Content, [poster], bed.Policy, TestMetrics.New(), NullLogger<NudgeDispatcher>.Instance);
        var scheduler = new NudgeScheduler(bed.Store, dispatcher, bed.Occurrences, bed.Options, bed.Time, StartedLifetime.Instance, TestMetrics.New(), NullLogger<NudgeScheduler>.Instance);
        bed.Time.SetUtcNow(Occurrence);

        // The claim was written, the post went out, then the file vanished before the outcome could be recorded.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => scheduler.RunOnceAsync(Ct));
        var posted = Assert.Single(bed.Discord.Posts);

        File.Move(away!, bed.DatabasePath!);
        Assert.Equal(DeliveryState.Sending, Assert.Single(await bed.Store.GetDeliveriesAsync("n1", Ct)).State);
        bed.Discord.LookupAnswer = LookupResult.Found(posted.MessageId);

        // The running scheduler looks for stale rows every StaleCheckInterval, not on every wake: a tick before the
        // next check leaves the row, the first tick after it resolves it.
        bed.Time.Advance(NudgeScheduler.StaleCheckInterval - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await scheduler.RunOnceAsync(Ct)).Posted);
        Assert.Equal(DeliveryState.Sending, Assert.Single(await bed.Store.GetDeliveriesAsync("n1", Ct)).State);
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await scheduler.RunOnceAsync(Ct)).Posted);
        Assert.Equal(0, (await scheduler.RunOnceAsync(Ct)).Posted);

        Assert.Single(bed.Discord.Posts);
        var delivery = Assert.Single(await bed.Store.GetDeliveriesAsync("n1", Ct));
        Assert.Equal((DeliveryState.Sent, posted.MessageId), (delivery.State, delivery.MessageId));
    }

    [Fact]
    public async Task The_background_loop_logs_an_outage_once_keeps_ticking_and_posts_when_the_file_is_back()
    {
        await using var bed = await NudgeTestBed.CreateAsync(start: Occurrence.AddSeconds(-5));
        await bed.ScheduleAsync("C1", "mon", "13:00");
        var log = new CapturingLogger<NudgeScheduler>();
        var ticks = new SchedulerTicks(log);
        var scheduler = new NudgeScheduler(bed.Store, bed.Dispatcher, bed.Occurrences, bed.Options, bed.Time, StartedLifetime.Instance, TestMetrics.New(), ticks);
        var posted = new TaskCompletionSource<TickSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        ticks.Completed += summary =>
        {
            if (summary.Posted > 0)
            {
                posted.TrySetResult(summary);
            }
        };
        var away = MoveAway(bed);

        await scheduler.StartAsync(Ct);
        try
        {
            // The first tick runs at start; each poll interval of the fake clock runs one more, all while the file is gone.
            await log.WaitForAsync(entries => entries.Count(e => e.Message.Contains("waits for the store", StringComparison.Ordinal)) == 1);
            for (var failed = 1; failed <= 3; failed++)
            {
                await ticks.WaitForSleepAsync(failed, Ct);
                bed.Time.Advance(bed.Options.CurrentValue.PollInterval);
                var expected = failed;
                await log.WaitForAsync(entries => entries.Count(e => e.Message.Contains("still unavailable", StringComparison.Ordinal)) == expected);
            }

            Assert.Equal(0, bed.Discord.Attempts);
            File.Move(away, bed.DatabasePath!);
            await ticks.WaitForSleepAsync(4, Ct);
            bed.Time.Advance(bed.Options.CurrentValue.PollInterval);
            Assert.Equal(1, (await posted.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Posted);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        Assert.Single(bed.Discord.Posts);
        Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Single(log.Entries, e => e.Message.Contains("the store works again", StringComparison.Ordinal));
    }

    /// <summary>Moves the bed's database file aside (no connection holds it between operations) and returns where to.</summary>
    private static string MoveAway(NudgeTestBed bed)
    {
        var away = bed.DatabasePath + ".away";
        File.Move(bed.DatabasePath!, away);
        return away;
    }

    /// <summary>Runs <paramref name="sabotage"/> the moment the platform takes the post.</summary>
    private sealed class SabotagingPoster(RecordingNudgePoster inner, Action sabotage) : INudgePoster
    {
        public Platform Platform => inner.Platform;

        public DeliveryGuarantees Guarantees => inner.Guarantees;

        public async Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
        {
            var result = await inner.PostAsync(channelId, message, idempotencyKey, cancellationToken);
            sabotage();
            return result;
        }

        public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
            inner.CheckChannelAsync(tenantId, channelId, cancellationToken);

        public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.FindPostedAsync(channelId, idempotencyKey, since, cancellationToken);
    }
}
