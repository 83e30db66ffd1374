using Il6Bot.Commands;
using Il6Bot.Nudges;
using Il6Bot.Nudges.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Nudges.Store;

/// <summary>
/// The store's behaviour, run against each provider by a subclass: the scheduler and /nudge rely on exactly
/// this, whichever database is configured.
/// </summary>
public abstract partial class NudgeStoreTests : IAsyncLifetime
{
    /// <summary>Monday 2026-11-30 09:00 Europe/Berlin.</summary>
    protected static readonly DateTimeOffset Occurrence = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    protected static readonly DateTimeOffset NextWeek = Occurrence.AddDays(7);

    private readonly List<AdoNudgeStore> _stores = [];
    private AdoNudgeStore? _store;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    protected AdoNudgeStore Store => _store ?? throw new InvalidOperationException("not initialised");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        _store = await OpenAsync("host-a");
        await Store.MigrateAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Another store instance (its own connections, as another process would have) on the same database.</summary>
    protected async Task<AdoNudgeStore> OpenAsync(string hostName) => await TrackAsync(await CreateStoreAsync(hostName));

    /// <summary>Disposes <paramref name="store"/> with the test.</summary>
    protected Task<AdoNudgeStore> TrackAsync(AdoNudgeStore store)
    {
        _stores.Add(store);
        return Task.FromResult(store);
    }

    protected abstract Task<AdoNudgeStore> CreateStoreAsync(string hostName);

    protected static NewNudgeSchedule NewSchedule(
        string tenant = "guild-1",
        string channel = "chan-1",
        Platform platform = Platform.Discord,
        DateTimeOffset? nextRun = null) =>
        new(platform, tenant, channel, DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", "mod-1", nextRun ?? Occurrence, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    protected async Task<int> ExecuteRawAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        return await AdoNudgeStore.ExecuteAsync(connection, null, sql, Ct, parameters);
    }

    protected async Task<object?> ScalarRawAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        return await AdoNudgeStore.ScalarAsync(connection, null, sql, Ct, parameters);
    }

    private async Task<List<int>> SchemaVersionsAsync()
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }

    [Fact]
    public async Task Create_assigns_short_ids_and_round_trips_every_field()
    {
        var first = await Store.CreateAsync(NewSchedule(), Ct);
        var second = await Store.CreateAsync(NewSchedule(channel: "chan-2"), Ct);

        Assert.Equal("n1", first.Id);
        Assert.Equal("n2", second.Id);
        var stored = await Store.GetAsync(Platform.Discord, "guild-1", "n1", Ct);
        Assert.Equal(first, stored);
        Assert.NotNull(stored);
        Assert.Equal(DayOfWeek.Monday, stored.Day);
        Assert.Equal(new TimeOnly(9, 0), stored.LocalTime);
        Assert.Equal("Europe/Berlin", stored.TimeZoneId);
        Assert.Equal(Occurrence, stored.NextRunUtc);
        Assert.Equal(0, stored.RotationPosition);
        Assert.False(stored.Paused);
        Assert.False(stored.Failing);
        Assert.Null(stored.LastResult);
    }

    [Fact]
    public async Task Ids_stay_unique_across_two_store_instances_on_one_database()
    {
        var other = await OpenAsync("host-b");
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).CreateAsync(NewSchedule(channel: $"chan-{i}"), Ct)));

        Assert.Equal(20, created.Select(s => s.Id).Distinct().Count());
        var listed = await Store.ListAsync(Platform.Discord, "guild-1", Ct);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"n{i}"), listed.Select(s => s.Id));
    }

    [Fact]
    public async Task Nobody_lists_gets_pauses_or_cancels_another_tenants_schedule()
    {
        var mine = await Store.CreateAsync(NewSchedule(tenant: "guild-1"), Ct);
        var theirs = await Store.CreateAsync(NewSchedule(tenant: "guild-2"), Ct);
        var slackSameTenantId = await Store.CreateAsync(NewSchedule(tenant: "guild-1", platform: Platform.Slack), Ct);

        Assert.Equal([mine.Id], (await Store.ListAsync(Platform.Discord, "guild-1", Ct)).Select(s => s.Id));
        Assert.Equal([theirs.Id], (await Store.ListAsync(Platform.Discord, "guild-2", Ct)).Select(s => s.Id));
        Assert.Equal([slackSameTenantId.Id], (await Store.ListAsync(Platform.Slack, "guild-1", Ct)).Select(s => s.Id));

        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", theirs.Id, Ct));
        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", slackSameTenantId.Id, Ct));
        Assert.False(await Store.CancelAsync(Platform.Discord, "guild-1", theirs.Id, Ct));
        Assert.False(await Store.SetPausedAsync(Platform.Discord, "guild-1", theirs.Id, paused: true, NextWeek, Ct));

        var untouched = await Store.GetAsync(Platform.Discord, "guild-2", theirs.Id, Ct);
        Assert.NotNull(untouched);
        Assert.False(untouched.Paused);
    }

    [Fact]
    public async Task Cancel_removes_the_schedule_from_list_get_and_due_and_stops_claims()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.True(await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct));

        Assert.False(await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct));
        Assert.Empty(await Store.ListAsync(Platform.Discord, "guild-1", Ct));
        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct));
        Assert.Empty(await Store.GetDueAsync(Occurrence, 10, Ct));
        Assert.Null(await Store.GetEarliestNextRunAsync(Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
    }

    [Fact]
    public async Task FindById_sees_any_tenants_schedule_including_cancelled_ones()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct);

        var found = await Store.FindByIdAsync(schedule.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal("guild-1", found.TenantId);
        Assert.Null(await Store.FindByIdAsync("n999999", Ct));
    }

    [Fact]
    public async Task Paused_schedule_is_not_due_and_resume_moves_next_run_without_catch_up()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.True(await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: true, NextWeek, Ct));
        Assert.Empty(await Store.GetDueAsync(Occurrence.AddDays(1), 10, Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
        var paused = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.True(paused!.Paused);

        Assert.True(await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: false, NextWeek, Ct));

        var resumed = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.False(resumed!.Paused);
        Assert.Equal(NextWeek, resumed.NextRunUtc);
        Assert.Empty(await Store.GetDueAsync(Occurrence.AddDays(1), 10, Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
        Assert.Equal([schedule.Id], (await Store.GetDueAsync(NextWeek, 10, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task Due_selection_follows_next_run_oldest_first_up_to_the_limit()
    {
        var late = await Store.CreateAsync(NewSchedule(channel: "late", nextRun: Occurrence.AddMinutes(30)), Ct);
        var early = await Store.CreateAsync(NewSchedule(channel: "early", nextRun: Occurrence), Ct);
        var future = await Store.CreateAsync(NewSchedule(channel: "future", nextRun: Occurrence.AddHours(5)), Ct);
        var otherTenant = await Store.CreateAsync(NewSchedule(tenant: "guild-2", nextRun: Occurrence.AddMinutes(10)), Ct);

        Assert.Empty(await Store.GetDueAsync(Occurrence.AddTicks(-TimeSpan.TicksPerMillisecond), 10, Ct));
        Assert.Equal([early.Id], (await Store.GetDueAsync(Occurrence, 10, Ct)).Select(s => s.Id));
        Assert.Equal([early.Id, otherTenant.Id, late.Id], (await Store.GetDueAsync(Occurrence.AddHours(1), 10, Ct)).Select(s => s.Id));
        Assert.Equal([early.Id, otherTenant.Id], (await Store.GetDueAsync(Occurrence.AddHours(1), 2, Ct)).Select(s => s.Id));
        Assert.Equal(Occurrence, await Store.GetEarliestNextRunAsync(Ct));
        Assert.DoesNotContain(future.Id, (await Store.GetDueAsync(Occurrence.AddHours(1), 10, Ct)).Select(s => s.Id));
    }

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
    public async Task Migrating_again_is_a_no_op_and_keeps_data()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var other = await OpenAsync("host-b");

        await Task.WhenAll(Store.MigrateAsync(Ct), other.MigrateAsync(Ct), Store.MigrateAsync(Ct));

        Assert.Equal([1, 2, 3], await SchemaVersionsAsync());
        Assert.Equal([schedule], await Store.ListAsync(Platform.Discord, "guild-1", Ct));
        Assert.Equal("n2", (await Store.CreateAsync(NewSchedule(), Ct)).Id);
    }

    [Fact]
    public async Task Two_stores_migrating_a_fresh_database_at_once_both_succeed()
    {
        var first = await OpenFreshAsync("fresh", "host-a");
        var second = await OpenFreshAsync("fresh", "host-b");

        await Task.WhenAll(first.MigrateAsync(Ct), second.MigrateAsync(Ct));

        Assert.Equal("n1", (await first.CreateAsync(NewSchedule(), Ct)).Id);
        Assert.Equal("n2", (await second.CreateAsync(NewSchedule(), Ct)).Id);
    }

    [Fact]
    public async Task Upgrading_from_version_1_keeps_schedules_deliveries_and_ids()
    {
        var old = await OpenFreshAsync("v1", "host-a");
        await old.MigrateToAsync(1, Ct);
        var schedule = await old.CreateAsync(NewSchedule(), Ct);
        var delivery = await old.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => old.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct));

        await old.MigrateAsync(Ct);

        var upgraded = await old.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal(schedule with { NextRunUtc = NextWeek, RotationPosition = 1 }, upgraded);
        Assert.False(upgraded!.Failing);
        Assert.Equal([delivery!], await old.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal(0, await old.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct));
        Assert.Equal("n2", (await old.CreateAsync(NewSchedule(), Ct)).Id);
        await old.CompleteAsync(delivery!.Id, DeliveryState.Failed, null, "403", scheduleFailing: true, Ct);
        Assert.True((await old.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!.Failing);
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
    public async Task An_occurrence_that_already_has_a_delivery_is_never_claimed_again()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var first = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);

        // Whatever put next_run back (a bad resume, a hand edit), the unique (schedule, occurrence) row holds.
        await ExecuteRawAsync("UPDATE schedules SET next_run_utc = @occurrence WHERE id = @id", ("occurrence", Occurrence.ToUnixTimeMilliseconds()), ("id", schedule.Id));
        var second = await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct);

        Assert.Null(second);
        Assert.Equal([first!], await Store.GetDeliveriesAsync(schedule.Id, Ct));
        var stored = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal((NextWeek, 1), (stored!.NextRunUtc, stored.RotationPosition));
    }

    [Fact]
    public async Task Ping_answers_true_for_a_reachable_database()
    {
        Assert.True(await Store.PingAsync(Ct));
    }

    /// <summary>A store on a second, empty database (the same one for the same <paramref name="database"/>), not yet migrated.</summary>
    protected abstract Task<AdoNudgeStore> OpenFreshAsync(string database, string hostName);
}
