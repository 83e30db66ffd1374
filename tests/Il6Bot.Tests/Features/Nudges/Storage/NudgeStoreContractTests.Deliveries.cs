using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>The store contract for occurrences and deliveries: claims, skips, outcomes, stale rows, manual rotation.</summary>
public abstract partial class NudgeStoreContractTests<TStore>
{
    [Fact]
    public async Task An_occurrence_is_claimed_once_and_the_claim_advances_next_run_and_rotation()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        Clock.SetUtcNow(Occurrence.AddSeconds(3));

        var delivery = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);
        var again = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);

        Assert.NotNull(delivery);
        Assert.Null(again);
        Assert.Equal(DeliveryState.Sending, delivery.State);
        Assert.Equal(0, delivery.NudgeIndex);
        Assert.Equal(schedule.Id + "-" + Occurrence.ToUnixTimeSeconds(), delivery.IdempotencyKey);
        Assert.Equal(Occurrence, delivery.OccurrenceUtc);
        Assert.Equal(Occurrence.AddSeconds(3), delivery.UpdatedAt);
        var stored = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal(NextWeek, stored!.NextRunUtc);
        Assert.Equal(1, stored.RotationPosition);
        Assert.Equal([delivery], await Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Empty(await Store.GetDueAsync(Occurrence.AddHours(1), 10, Ct));
    }

    [Fact]
    public async Task A_claim_records_the_channel_mention_and_topics_it_posts_with_and_an_edit_after_it_changes_none()
    {
        var schedule = await Store.CreateAsync(NewSchedule() with { Mention = MentionTarget.Group("777"), Topics = "how" }, Ct);

        var delivery = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);
        var claimed = (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!;
        Assert.True(await Store.TryUpdateAsync(claimed, claimed with { ChannelId = "chan-2", Mention = null, Topics = null, EditedBy = "u2", EditedAt = Occurrence }, Ct));

        Assert.Equal(("chan-1", MentionTarget.Group("777"), "how"), (delivery!.ChannelId, delivery.Mention, delivery.Topics));
        Assert.Equal([delivery], await Store.GetDeliveriesAsync(schedule.Id, Ct));
    }

    [Fact]
    public async Task Find_by_id_returns_a_cancelled_schedule_marked_cancelled()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        Assert.False((await Store.FindByIdAsync(schedule.Id, Ct))!.Cancelled);

        await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct);

        Assert.True((await Store.FindByIdAsync(schedule.Id, Ct))!.Cancelled);
    }

    [Fact]
    public async Task Rotation_position_advances_with_each_claimed_week()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        var indexes = new List<int>();
        for (var week = 0; week < 4; week++)
        {
            var occurrence = Occurrence.AddDays(7 * week);
            var delivery = await Store.TryClaimAsync(schedule.Id, occurrence, $"week {week}", occurrence.AddDays(7), Ct);
            indexes.Add(delivery!.NudgeIndex);
        }

        Assert.Equal([0, 1, 2, 3], indexes);
        Assert.Equal(4, (await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!.RotationPosition);
    }

    [Fact]
    public async Task Skip_records_the_occurrence_and_reason_without_advancing_rotation()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.True(await Store.TrySkipAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, "missed by 3h (bot was down)", Ct));
        Assert.False(await Store.TrySkipAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, "again", Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));

        var stored = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal(0, stored!.RotationPosition);
        Assert.Equal(NextWeek, stored.NextRunUtc);
        Assert.Equal("skipped 2026-11-30 09:00 Europe/Berlin: missed by 3h (bot was down)", stored.LastResult);
        Assert.Equal(Clock.GetUtcNow(), stored.LastResultAt);
        var delivery = Assert.Single(await Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal(DeliveryState.Skipped, delivery.State);
        Assert.Equal("missed by 3h (bot was down)", delivery.Error);

        var next = await Store.TryClaimAsync(schedule.Id, NextWeek, "2026-12-07 09:00 Europe/Berlin", NextWeek.AddDays(7), Ct);
        Assert.Equal(0, next!.NudgeIndex);
    }

    [Fact]
    public async Task Complete_records_message_id_last_result_and_failing_flag()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var first = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);
        Clock.SetUtcNow(Occurrence.AddSeconds(2));

        await Store.CompleteAsync(first!.Id, DeliveryState.Sent, "msg-123", null, scheduleFailing: false, Ct);

        var posted = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal("posted 2026-11-30 09:00 Europe/Berlin", posted!.LastResult);
        Assert.Equal(Occurrence.AddSeconds(2), posted.LastResultAt);
        Assert.False(posted.Failing);
        var sent = Assert.Single(await Store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal((DeliveryState.Sent, "msg-123", Occurrence.AddSeconds(2)), (sent.State, sent.MessageId, sent.UpdatedAt));

        var second = await Store.TryClaimAsync(schedule.Id, NextWeek, "2026-12-07 09:00 Europe/Berlin", NextWeek.AddDays(7), Ct);
        await Store.CompleteAsync(second!.Id, DeliveryState.Failed, null, "403 Missing Access", scheduleFailing: true, Ct);

        var failing = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.True(failing!.Failing);
        Assert.Equal("failed 2026-12-07 09:00 Europe/Berlin: 403 Missing Access", failing.LastResult);
        Assert.Equal(
            [(DeliveryState.Sent, "msg-123", (string?)null), (DeliveryState.Failed, null, "403 Missing Access")],
            (await Store.GetDeliveriesAsync(schedule.Id, Ct)).Select(d => (d.State, d.MessageId, d.Error)));
    }

    [Fact]
    public async Task Complete_of_an_unknown_delivery_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.CompleteAsync(999, DeliveryState.Sent, "m", null, false, Ct));
    }

    [Fact]
    public async Task Stale_sending_finds_only_deliveries_left_sending_before_the_cutoff()
    {
        var a = await Store.CreateAsync(NewSchedule(channel: "a"), Ct);
        var b = await Store.CreateAsync(NewSchedule(channel: "b"), Ct);
        var c = await Store.CreateAsync(NewSchedule(channel: "c"), Ct);
        Clock.SetUtcNow(Occurrence);
        var crashed = await Store.TryClaimAsync(a.Id, Occurrence, "a", NextWeek, Ct);
        var completed = await Store.TryClaimAsync(b.Id, Occurrence, "b", NextWeek, Ct);
        await Store.CompleteAsync(completed!.Id, DeliveryState.Sent, "m-b", null, false, Ct);
        Clock.SetUtcNow(Occurrence.AddMinutes(10));
        var recent = await Store.TryClaimAsync(c.Id, Occurrence, "c", NextWeek, Ct);

        var stale = await Store.GetStaleSendingAsync(Occurrence.AddMinutes(5), Ct);

        Assert.Equal([crashed!.Id], stale.Select(d => d.Id));
        Assert.Equal(DeliveryState.Sending, stale[0].State);
        Assert.Empty(await Store.GetStaleSendingAsync(Occurrence, Ct));
        Assert.Equal([crashed.Id, recent!.Id], (await Store.GetStaleSendingAsync(Occurrence.AddMinutes(11), Ct)).Select(d => d.Id));

        await Store.CompleteAsync(crashed.Id, DeliveryState.Unknown, null, "crashed while posting", false, Ct);
        Assert.Empty(await Store.GetStaleSendingAsync(Occurrence.AddMinutes(5), Ct));
        Assert.Equal("unknown a: crashed while posting", (await Store.GetAsync(Platform.Discord, "guild-1", a.Id, Ct))!.LastResult);
    }

    [Fact]
    public async Task Manual_rotation_counts_per_channel_of_each_tenant()
    {
        var positions = new List<int>
        {
            await Store.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct),
            await Store.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct),
            await Store.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-2", Ct),
            await Store.NextManualPositionAsync(Platform.Discord, "guild-2", "chan-1", Ct),
            await Store.NextManualPositionAsync(Platform.Slack, "guild-1", "chan-1", Ct),
            await Store.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct),
        };

        Assert.Equal([0, 1, 0, 0, 0, 2], positions);
    }

    [Fact]
    public async Task Concurrent_manual_sends_get_distinct_positions()
    {
        var other = await OpenAsync("host-b");
        var positions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct)));

        Assert.Equal(Enumerable.Range(0, 20), positions.Order());
    }

    [Fact]
    public async Task A_second_host_racing_for_the_same_occurrence_loses_exactly_once_posted()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var hostB = await OpenAsync("host-b");

        using var start = new ManualResetEventSlim();
        var claims = Enumerable.Range(0, 24).Select(i => Task.Run(
            async () =>
            {
                start.Wait(Ct);
                return await (i % 2 == 0 ? Store : hostB).TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);
            },
            Ct)).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal([winner!], await Store.GetDeliveriesAsync(schedule.Id, Ct));
        var stored = await hostB.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal((NextWeek, 1), (stored!.NextRunUtc, stored.RotationPosition));
    }

    [Fact]
    public async Task Ping_answers_true_for_a_reachable_database()
    {
        Assert.True(await Store.PingAsync(Ct));
    }
}
