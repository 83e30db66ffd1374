using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// The SQL stores' part beyond the contract (<see cref="NudgeStoreContractTests{TStore}"/>): migrations, the
/// schema, and what only raw SQL can set up. Run against each provider by a subclass.
/// </summary>
public abstract partial class NudgeStoreTests : NudgeStoreContractTests<AdoNudgeStore>
{
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
    public async Task Migrating_again_is_a_no_op_and_keeps_data()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        var other = await OpenAsync("host-b");

        await Task.WhenAll(Store.MigrateAsync(Ct), other.MigrateAsync(Ct), Store.MigrateAsync(Ct));

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], await SchemaVersionsAsync());
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
        var key = AdoNudgeStore.IdempotencyKey(schedule.Id, Occurrence);
        await using (var connection = await old.OpenConnectionAsync(Ct))
        {
            // A claim as a version-1 bot wrote it (today's claim records columns version 1 lacks).
            await AdoNudgeStore.ExecuteAsync(
                connection, null, "UPDATE schedules SET next_run_utc = @next, rotation_position = 1 WHERE id = @id", Ct, ("next", NextWeek.ToUnixTimeMilliseconds()), ("id", schedule.Id));
            await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "INSERT INTO deliveries (schedule_id, occurrence_utc, occurrence_local, nudge_index, idempotency_key, state, created_at, updated_at) " +
                "VALUES (@id, @occurrence, '2026-11-30 09:00 Europe/Berlin', 0, @key, 'sending', @occurrence, @occurrence)",
                Ct,
                ("id", schedule.Id),
                ("occurrence", Occurrence.ToUnixTimeMilliseconds()),
                ("key", key));
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => old.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct));

        await old.MigrateAsync(Ct);

        var upgraded = await old.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.Equal(schedule with { NextRunUtc = NextWeek, RotationPosition = 1 }, upgraded);
        Assert.False(upgraded!.Failing);
        var delivery = Assert.Single(await old.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.Equal((Occurrence, 0, key, DeliveryState.Sending, (string?)null), (delivery.OccurrenceUtc, delivery.NudgeIndex, delivery.IdempotencyKey, delivery.State, delivery.ChannelId));
        Assert.Equal(0, await old.NextManualPositionAsync(Platform.Discord, "guild-1", "chan-1", Ct));
        Assert.Equal("n2", (await old.CreateAsync(NewSchedule(), Ct)).Id);
        await old.CompleteAsync(delivery.Id, DeliveryState.Failed, null, "403", scheduleFailing: true, Ct);
        Assert.True((await old.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct))!.Failing);
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
    public async Task Slack_installations_have_an_index_leading_with_team_id()
    {
        // FindByTeamIdAsync (Enterprise Grid: a schedule knows only its workspace's team id) filters on team_id
        // alone, and the primary key leads with enterprise_id, so only an index of its own spares a full scan.
        Assert.Contains("team_id", await LeadingIndexColumnsAsync("slack_installations"));
    }

    /// <summary>The first column of each index on <paramref name="table"/>, as the database itself reports it.</summary>
    protected abstract Task<IReadOnlyList<string>> LeadingIndexColumnsAsync(string table);

    /// <summary>A store on a second, empty database (the same one for the same <paramref name="database"/>), not yet migrated.</summary>
    protected abstract Task<AdoNudgeStore> OpenFreshAsync(string database, string hostName);
}
