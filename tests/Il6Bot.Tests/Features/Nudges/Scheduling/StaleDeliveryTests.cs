using Il6Bot.Commands;
using Il6Bot.Discord.Rest;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

/// <summary>
/// A process that dies between "sending" and "sent" leaves a stale row; the next start resolves it. These
/// use <see cref="InMemoryNudgeStore"/> because they need <see cref="INudgeStore.FindByIdAsync"/>, which
/// the SQL stores do not implement yet.
/// </summary>
public sealed class StaleDeliveryTests
{
    private static readonly DateTimeOffset Occurrence = NudgeTestBed.Monday.AddHours(1);

    [Fact]
    public async Task Found_on_the_platform_is_marked_sent_without_posting()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromMinutes(3));
        bed.Slack.LookupAnswer = LookupResult.Found("1700000000.000100");

        var summary = await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Equal(1, summary.Posted);
        Assert.Empty(bed.Slack.Posts);
        var delivery = await SingleDeliveryAsync(bed);
        Assert.Equal((DeliveryState.Sent, "1700000000.000100"), (delivery.State, delivery.MessageId));
        Assert.Equal([delivery.IdempotencyKey], bed.Slack.Lookups);
    }

    [Fact]
    public async Task Not_found_within_the_grace_is_posted_once_with_the_same_key()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromMinutes(10));
        bed.Slack.LookupAnswer = LookupResult.NotFound;

        await bed.TickAtAsync(bed.Time.GetUtcNow());
        await bed.TickAtAsync(bed.Time.GetUtcNow() + NudgeScheduler.TickInterval);

        var post = Assert.Single(bed.Slack.Posts);
        var delivery = await SingleDeliveryAsync(bed);
        Assert.Equal(delivery.IdempotencyKey, post.IdempotencyKey);
        Assert.Equal("Nudge 0", post.Title);
        Assert.Equal(DeliveryState.Sent, delivery.State);
    }

    [Fact]
    public async Task Not_found_after_the_grace_is_reported_lost_not_posted()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromHours(3));
        bed.Slack.LookupAnswer = LookupResult.NotFound;

        var summary = await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Equal(1, summary.Lost);
        Assert.Empty(bed.Slack.Posts);
        Assert.Equal(DeliveryState.Failed, (await SingleDeliveryAsync(bed)).State);
        var list = NudgeTestBed.Text(await bed.NudgeAsAsync(Platform.Slack, NudgeTestBed.Tenant, true, "list"));
        Assert.Contains("lost: the bot stopped while posting and it was not posted; missed by 3 h", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_found_at_exactly_the_grace_is_still_posted_as_a_missed_occurrence_would_be()
    {
        // The grace is inclusive for an occurrence missed during downtime; one left half-posted is no later than that.
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromHours(1));
        bed.Slack.LookupAnswer = LookupResult.NotFound;

        var summary = await bed.TickAtAsync(Occurrence + bed.Options.CurrentValue.MisfireGrace);

        Assert.Equal((1, 0), (summary.Posted, summary.Lost));
        var post = Assert.Single(bed.Slack.Posts);
        Assert.Equal((await SingleDeliveryAsync(bed)).IdempotencyKey, post.IdempotencyKey);
    }

    [Fact]
    public async Task Unknown_on_Discord_inside_the_nonce_window_is_reposted_with_the_same_nonce()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Discord, restartAfter: TimeSpan.FromMinutes(3));
        bed.Discord.LookupAnswer = LookupResult.Unknown;

        await bed.TickAtAsync(bed.Time.GetUtcNow());

        var post = Assert.Single(bed.Discord.Posts);
        Assert.Equal((await SingleDeliveryAsync(bed)).IdempotencyKey, post.IdempotencyKey);
        Assert.Equal(DeliveryState.Sent, (await SingleDeliveryAsync(bed)).State);
    }

    [Theory]
    [InlineData(Platform.Discord, 30)]
    [InlineData(Platform.Slack, 3)]
    public async Task Unknown_otherwise_is_marked_unknown_and_shown_never_reposted(Platform platform, int minutes)
    {
        await using var bed = await CrashedMidPostAsync(platform, restartAfter: TimeSpan.FromMinutes(minutes));

        var summary = await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Equal(1, summary.Unknown);
        Assert.Empty(bed.Discord.Posts);
        Assert.Empty(bed.Slack.Posts);
        Assert.Equal(DeliveryState.Unknown, (await SingleDeliveryAsync(bed)).State);
        var list = NudgeTestBed.Text(await bed.NudgeAsAsync(platform, NudgeTestBed.Tenant, true, "list"));
        Assert.Contains("unknown: the bot stopped while posting; it may or may not have been posted", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_still_in_flight_elsewhere_is_left_alone()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromSeconds(30));
        bed.Slack.LookupAnswer = LookupResult.NotFound;

        await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Empty(bed.Slack.Lookups);
        Assert.Empty(bed.Slack.Posts);
        Assert.Equal(DeliveryState.Sending, (await SingleDeliveryAsync(bed)).State);
    }

    [Fact]
    public async Task Without_a_lookup_by_id_the_store_gets_unknown_rather_than_a_guess()
    {
        // The SQL stores (so far) lack FindByIdAsync: stale rows are still resolved, as unknown.
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Time.SetUtcNow(Occurrence);
        var due = Assert.Single(await bed.Store.GetDueAsync(Occurrence, 10, NudgeTestBed.Ct));
        await bed.Store.TryClaimAsync(due.Id, Occurrence, "2026-11-23 13:00 UTC", Occurrence.AddDays(7), NudgeTestBed.Ct);
        bed.Time.Advance(TimeSpan.FromMinutes(3));
        bed.Restart();

        var summary = await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Equal(1, summary.Unknown + summary.Posted);
        Assert.DoesNotContain(await bed.Store.GetDeliveriesAsync(due.Id, NudgeTestBed.Ct), d => d.State == DeliveryState.Sending);
    }

    [Fact]
    public async Task On_Discord_the_nonce_window_counts_from_the_late_claim_not_from_the_occurrence()
    {
        // Claimed 4 minutes late (inside the grace), crashed, back 3 minutes later: the nonce went out 3 minutes
        // ago, well inside Discord's window, although the occurrence is 7 minutes old.
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00", platform: Platform.Discord);
        bed.Time.SetUtcNow(Occurrence + TimeSpan.FromMinutes(4));
        Assert.NotNull(await bed.Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-23 13:00 UTC", Occurrence.AddDays(7), NudgeTestBed.Ct));
        bed.Time.Advance(TimeSpan.FromMinutes(3));
        bed.Restart();
        bed.Discord.LookupAnswer = LookupResult.Unknown;
        Assert.True(Occurrence + DiscordNudgePoster.NonceWindow < bed.Time.GetUtcNow());

        await bed.TickAtAsync(bed.Time.GetUtcNow());

        var post = Assert.Single(bed.Discord.Posts);
        var delivery = await SingleDeliveryAsync(bed);
        Assert.Equal(delivery.IdempotencyKey, post.IdempotencyKey);
        Assert.Equal(DeliveryState.Sent, delivery.State);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("pause")]
    public async Task Cancelled_or_paused_after_the_crash_is_never_reposted(string subcommand)
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromMinutes(5));
        bed.Slack.LookupAnswer = LookupResult.NotFound;
        await bed.NudgeAsAsync(Platform.Slack, NudgeTestBed.Tenant, true, subcommand, ("id", "n1"));

        await bed.TickAtAsync(bed.Time.GetUtcNow());
        await bed.TickAtAsync(bed.Time.GetUtcNow() + NudgeScheduler.TickInterval);

        Assert.Empty(bed.Slack.Posts);
        Assert.Equal(DeliveryState.Skipped, (await SingleDeliveryAsync(bed)).State);
    }

    [Fact]
    public async Task Moved_to_another_channel_after_the_crash_is_looked_up_and_reposted_only_where_it_was_claimed()
    {
        await using var bed = await CrashedMidPostAsync(Platform.Slack, restartAfter: TimeSpan.FromMinutes(5));
        bed.Slack.LookupAnswer = LookupResult.NotFound;
        await bed.NudgeAsAsync(Platform.Slack, NudgeTestBed.Tenant, true, "edit", ("id", "n1"), ("channel", "C2"));
        Assert.Equal("C2", (await bed.Store.GetAsync(Platform.Slack, NudgeTestBed.Tenant, "n1", NudgeTestBed.Ct))!.ChannelId);

        await bed.TickAtAsync(bed.Time.GetUtcNow());

        Assert.Equal(["C1"], bed.Slack.LookupChannels);
        Assert.DoesNotContain(bed.Slack.Posts, p => p.ChannelId == "C2");
        Assert.Equal("C1", Assert.Single(bed.Slack.Posts).ChannelId);
    }

    /// <summary>Schedules, claims the occurrence (row "sending") without posting, as a crash would leave it, then restarts.</summary>
    private static async Task<NudgeTestBed> CrashedMidPostAsync(Platform platform, TimeSpan restartAfter)
    {
        var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00", platform: platform);
        bed.Time.SetUtcNow(Occurrence);
        var claimed = await bed.Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-23 13:00 UTC", Occurrence.AddDays(7), NudgeTestBed.Ct);
        Assert.NotNull(claimed);
        bed.Time.Advance(restartAfter);
        bed.Restart();
        return bed;
    }

    private static async Task<NudgeDelivery> SingleDeliveryAsync(NudgeTestBed bed) =>
        Assert.Single(await bed.Store.GetDeliveriesAsync("n1", NudgeTestBed.Ct));
}
