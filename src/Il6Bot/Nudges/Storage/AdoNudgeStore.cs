using System.Data.Common;
using System.Globalization;
using Il6Bot.Commands;

namespace Il6Bot.Nudges.Storage;

/// <summary>
/// The store's logic, written once over ADO.NET. The SQL below is the common subset of SQLite and
/// PostgreSQL (RETURNING, ON CONFLICT, partial indexes, TRUE/FALSE); a provider supplies only connections,
/// its migrations, id numbering and how a write transaction takes its lock.
/// </summary>
public abstract partial class AdoNudgeStore : INudgeStore, IAsyncDisposable
{
    internal const string ScheduleColumns =
        "id, platform, tenant_id, channel_id, day, local_time, time_zone, created_by, paused, rotation_position, " +
        "next_run_utc, last_result, last_result_at, failing, created_at";

    internal const string DeliveryColumns =
        "id, schedule_id, occurrence_utc, occurrence_local, nudge_index, idempotency_key, state, message_id, error, updated_at";

    /// <summary>The tick's query; its WHERE repeats the partial index's predicate so the planner can use it.</summary>
    internal const string DueSql =
        "SELECT " + ScheduleColumns + " FROM schedules WHERE NOT paused AND NOT cancelled AND next_run_utc <= @now " +
        "ORDER BY next_run_utc LIMIT @limit";

    private const string SchemaVersionTableSql =
        "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL)";

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    protected AdoNudgeStore(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Provider and location without secrets, for logs and start-up errors.</summary>
    public abstract string Description { get; }

    internal abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Returns the next schedule number; runs inside the insert's write transaction.</summary>
    protected abstract string NextScheduleNumberSql { get; }

    internal abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>The connection migrations run on; the one place a provider may create the database.</summary>
    protected virtual Task<DbConnection> OpenForMigrationAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>A transaction for a read-modify-write. SQLite must take the write lock up front (BEGIN IMMEDIATE).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises concurrent migrators inside <paramref name="transaction"/>.</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Connection-level settings that cannot run inside a transaction (SQLite's journal mode).</summary>
    protected virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ValueTask DisposeAsync();

    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateToAsync(Migrations[^1].Version, cancellationToken);

    /// <summary>Applies migrations up to <paramref name="targetVersion"/>; tests use it to build an old schema.</summary>
    internal async Task MigrateToAsync(int targetVersion, CancellationToken cancellationToken)
    {
        var latest = Migrations[^1].Version;
        await using var connection = await OpenForMigrationAsync(cancellationToken);
        await PrepareDatabaseAsync(connection, cancellationToken);
        foreach (var migration in Migrations.Where(m => m.Version <= targetVersion))
        {
            // Version check and apply share one locked transaction, so a second process starting at the same
            // moment waits and then sees the version already applied.
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            await LockForMigrationAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(connection, transaction, SchemaVersionTableSql, cancellationToken);
            var current = ToInt(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken));
            if (current > latest)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {current}, newer than this build knows ({latest}). Migrations only go forward: run a newer Il6Bot.");
            }

            if (current >= migration.Version)
            {
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at)",
                cancellationToken,
                ("version", migration.Version),
                ("description", migration.Description),
                ("at", Now()));
            await transaction.CommitAsync(cancellationToken);
            LogMigrationApplied(Description, migration.Version, migration.Description);
        }
    }

    public Task<NudgeSchedule> CreateAsync(NewNudgeSchedule schedule, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => CreateCoreAsync(schedule, cancellationToken));

    private async Task<NudgeSchedule> CreateCoreAsync(NewNudgeSchedule schedule, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var number = Convert.ToInt64(await ScalarAsync(connection, transaction, NextScheduleNumberSql, cancellationToken), CultureInfo.InvariantCulture);
        var id = "n" + number.ToString(CultureInfo.InvariantCulture);

        // The failing column is left to its default so this insert also runs on a version-1 schema.
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO schedules (id, platform, tenant_id, channel_id, day, local_time, time_zone, created_by, paused, cancelled, " +
            "rotation_position, next_run_utc, created_at) VALUES (@id, @platform, @tenant, @channel, @day, @time, @zone, @by, FALSE, FALSE, 0, @next, @created)",
            cancellationToken,
            ("id", id),
            ("platform", PlatformText(schedule.Platform)),
            ("tenant", schedule.TenantId),
            ("channel", schedule.ChannelId),
            ("day", DayNames[(int)schedule.Day]),
            ("time", schedule.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
            ("zone", schedule.TimeZoneId),
            ("by", schedule.CreatedBy),
            ("next", Ms(schedule.NextRunUtc)),
            ("created", Ms(schedule.CreatedAt)));
        await transaction.CommitAsync(cancellationToken);

        return new NudgeSchedule(
            id,
            schedule.Platform,
            schedule.TenantId,
            schedule.ChannelId,
            schedule.Day,
            new TimeOnly(schedule.LocalTime.Hour, schedule.LocalTime.Minute),
            schedule.TimeZoneId,
            schedule.CreatedBy,
            Paused: false,
            RotationPosition: 0,
            FromMs(Ms(schedule.NextRunUtc)),
            LastResult: null,
            LastResultAt: null,
            Failing: false,
            FromMs(Ms(schedule.CreatedAt)));
    }

    public Task<IReadOnlyList<NudgeSchedule>> ListAsync(Platform platform, string tenantId, CancellationToken cancellationToken) =>
        GuardReadAsync(() => ListCoreAsync(platform, tenantId, cancellationToken));

    private async Task<IReadOnlyList<NudgeSchedule>> ListCoreAsync(Platform platform, string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // Ordered by length first so n10 follows n9.
        return await QueryAsync(
            connection,
            "SELECT " + ScheduleColumns + " FROM schedules WHERE platform = @platform AND tenant_id = @tenant AND NOT cancelled ORDER BY length(id), id",
            ReadSchedule,
            cancellationToken,
            ("platform", PlatformText(platform)),
            ("tenant", tenantId));
    }

    public Task<NudgeSchedule?> GetAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetCoreAsync(platform, tenantId, id, cancellationToken));

    private async Task<NudgeSchedule?> GetCoreAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await QueryAsync(
            connection,
            "SELECT " + ScheduleColumns + " FROM schedules WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled",
            ReadSchedule,
            cancellationToken,
            ("id", id),
            ("platform", PlatformText(platform)),
            ("tenant", tenantId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<NudgeSchedule?> FindByIdAsync(string scheduleId, CancellationToken cancellationToken) =>
        GuardReadAsync(() => FindByIdCoreAsync(scheduleId, cancellationToken));

    private async Task<NudgeSchedule?> FindByIdCoreAsync(string scheduleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var rows = await QueryAsync(
            connection,
            "SELECT " + ScheduleColumns + " FROM schedules WHERE id = @id",
            ReadSchedule,
            cancellationToken,
            ("id", scheduleId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<bool> CancelAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => CancelCoreAsync(platform, tenantId, id, cancellationToken));

    private async Task<bool> CancelCoreAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var changed = await ExecuteAsync(
            connection,
            null,
            "UPDATE schedules SET cancelled = TRUE WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled",
            cancellationToken,
            ("id", id),
            ("platform", PlatformText(platform)),
            ("tenant", tenantId));
        return changed == 1;
    }

    public Task<bool> SetPausedAsync(Platform platform, string tenantId, string id, bool paused, DateTimeOffset nextRunUtc, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => SetPausedCoreAsync(platform, tenantId, id, paused, nextRunUtc, cancellationToken));

    private async Task<bool> SetPausedCoreAsync(Platform platform, string tenantId, string id, bool paused, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // Pausing keeps next_run_utc (it is not due while paused anyway); resuming replaces it so the
        // occurrences that passed during the pause are not caught up.
        var sql = paused
            ? "UPDATE schedules SET paused = TRUE WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled"
            : "UPDATE schedules SET paused = FALSE, next_run_utc = @next WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled";
        var changed = await ExecuteAsync(
            connection,
            null,
            sql,
            cancellationToken,
            ("id", id),
            ("platform", PlatformText(platform)),
            ("tenant", tenantId),
            ("next", Ms(nextRunUtc)));
        return changed == 1;
    }

    public Task<IReadOnlyList<NudgeSchedule>> GetDueAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetDueCoreAsync(nowUtc, limit, cancellationToken));

    private async Task<IReadOnlyList<NudgeSchedule>> GetDueCoreAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, DueSql, ReadSchedule, cancellationToken, ("now", Ms(nowUtc)), ("limit", limit));
    }

    public Task<DateTimeOffset?> GetEarliestNextRunAsync(CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetEarliestNextRunCoreAsync(cancellationToken));

    private async Task<DateTimeOffset?> GetEarliestNextRunCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var value = await ScalarAsync(connection, null, "SELECT MIN(next_run_utc) FROM schedules WHERE NOT paused AND NOT cancelled", cancellationToken);
        return value is null or DBNull ? null : FromMs(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    public Task<NudgeDelivery?> TryClaimAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TryClaimCoreAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, cancellationToken));

    private async Task<NudgeDelivery?> TryClaimCoreAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        // The claim itself: only the caller whose UPDATE still finds next_run_utc at this occurrence gets a
        // row back. Under READ COMMITTED a concurrent claimer blocks on the row lock, re-reads it after our
        // commit and matches nothing; SQLite's write lock serialises the same way.
        var oldPosition = await ScalarAsync(
            connection,
            transaction,
            "UPDATE schedules SET next_run_utc = @next, rotation_position = rotation_position + 1 " +
            "WHERE id = @id AND next_run_utc = @occurrence AND NOT paused AND NOT cancelled RETURNING rotation_position - 1",
            cancellationToken,
            ("id", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("next", Ms(nextRunUtc)));
        if (oldPosition is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogClaimLost(scheduleId, occurrenceUtc);
            return null;
        }

        var now = Now();
        var key = IdempotencyKey(scheduleId, occurrenceUtc);
        var deliveryId = await InsertDeliveryAsync(
            connection, transaction, scheduleId, occurrenceUtc, occurrenceLocal, ToInt(oldPosition), key, DeliveryState.Sending, null, now, cancellationToken);
        if (deliveryId is null)
        {
            // The unique (schedule, occurrence) row is the backstop: next_run_utc pointed at an occurrence that
            // already has a delivery, so it is not posted again. The schedule still moves past it (or every
            // tick would retry it forever) but the rotation keeps its place, since nothing new is posted.
            await ExecuteAsync(connection, transaction, "UPDATE schedules SET rotation_position = rotation_position - 1 WHERE id = @id", cancellationToken, ("id", scheduleId));
            await transaction.CommitAsync(cancellationToken);
            LogAlreadyDelivered(scheduleId, occurrenceUtc);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return new NudgeDelivery(
            deliveryId.Value, scheduleId, FromMs(Ms(occurrenceUtc)), occurrenceLocal, ToInt(oldPosition), key, DeliveryState.Sending, null, null, FromMs(now));
    }

    public Task<bool> TrySkipAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TrySkipCoreAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, reason, cancellationToken));

    private async Task<bool> TrySkipCoreAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = Now();
        var position = await ScalarAsync(
            connection,
            transaction,
            "UPDATE schedules SET next_run_utc = @next, last_result = @result, last_result_at = @now " +
            "WHERE id = @id AND next_run_utc = @occurrence AND NOT paused AND NOT cancelled RETURNING rotation_position",
            cancellationToken,
            ("id", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("next", Ms(nextRunUtc)),
            ("result", $"skipped {occurrenceLocal}: {reason}"),
            ("now", now));
        if (position is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        var deliveryId = await InsertDeliveryAsync(
            connection, transaction, scheduleId, occurrenceUtc, occurrenceLocal, ToInt(position), IdempotencyKey(scheduleId, occurrenceUtc), DeliveryState.Skipped, reason, now, cancellationToken);
        if (deliveryId is null)
        {
            await transaction.CommitAsync(cancellationToken);
            LogAlreadyDelivered(scheduleId, occurrenceUtc);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task CompleteAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool scheduleFailing, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => CompleteCoreAsync(deliveryId, state, messageId, error, scheduleFailing, cancellationToken));

    private async Task CompleteCoreAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool scheduleFailing, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = Now();
        var rows = await QueryAsync(
            connection,
            transaction,
            "UPDATE deliveries SET state = @state, message_id = @message, error = @error, updated_at = @now WHERE id = @id RETURNING schedule_id, occurrence_local",
            reader => (ScheduleId: reader.GetString(0), OccurrenceLocal: reader.GetString(1)),
            cancellationToken,
            ("id", deliveryId),
            ("state", StateText(state)),
            ("message", messageId),
            ("error", error),
            ("now", now));
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"Delivery {deliveryId} does not exist; only a claimed delivery can be completed.");
        }

        var (scheduleId, occurrenceLocal) = rows[0];
        await ExecuteAsync(
            connection,
            transaction,
            "UPDATE schedules SET last_result = @result, last_result_at = @now, failing = @failing WHERE id = @id",
            cancellationToken,
            ("id", scheduleId),
            ("result", LastResult(state, occurrenceLocal, error)),
            ("now", now),
            ("failing", scheduleFailing));
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetStaleSendingCoreAsync(olderThan, cancellationToken));

    private async Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingCoreAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(
            connection,
            "SELECT " + DeliveryColumns + " FROM deliveries WHERE state = 'sending' AND updated_at < @before ORDER BY updated_at, id",
            ReadDelivery,
            cancellationToken,
            ("before", Ms(olderThan)));
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesAsync(string scheduleId, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetDeliveriesCoreAsync(scheduleId, cancellationToken));

    private async Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesCoreAsync(string scheduleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(
            connection,
            "SELECT " + DeliveryColumns + " FROM deliveries WHERE schedule_id = @id ORDER BY occurrence_utc",
            ReadDelivery,
            cancellationToken,
            ("id", scheduleId));
    }

    public Task<int> NextManualPositionAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => NextManualPositionCoreAsync(platform, tenantId, channelId, cancellationToken));

    private async Task<int> NextManualPositionCoreAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // One statement, so two concurrent /nudge send calls get different positions without a transaction.
        var position = await ScalarAsync(
            connection,
            null,
            "INSERT INTO manual_rotations (platform, tenant_id, channel_id, next_position) VALUES (@platform, @tenant, @channel, 1) " +
            "ON CONFLICT (platform, tenant_id, channel_id) DO UPDATE SET next_position = manual_rotations.next_position + 1 " +
            "RETURNING next_position - 1",
            cancellationToken,
            ("platform", PlatformText(platform)),
            ("tenant", tenantId),
            ("channel", channelId));
        return ToInt(position);
    }

    public Task<bool> TryClaimRequestAsync(Platform platform, string requestId, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TryClaimRequestCoreAsync(platform, requestId, cancellationToken));

    private async Task<bool> TryClaimRequestCoreAsync(Platform platform, string requestId, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM handled_requests WHERE handled_at < @before",
            cancellationToken,
            ("before", now - (long)INudgeStore.HandledRequestRetention.TotalMilliseconds));

        // A concurrent claim of the same id waits on this row (PostgreSQL) or the write lock (SQLite), then
        // inserts nothing.
        var inserted = await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO handled_requests (platform, request_id, handled_at) VALUES (@platform, @id, @now) " +
            "ON CONFLICT (platform, request_id) DO NOTHING",
            cancellationToken,
            ("platform", PlatformText(platform)),
            ("id", requestId),
            ("now", now));
        await transaction.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    internal static string IdempotencyKey(string scheduleId, DateTimeOffset occurrenceUtc) =>
        scheduleId + "-" + occurrenceUtc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = CreateCommand(connection, transaction, sql, parameters);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        QueryAsync(connection, null, sql, read, cancellationToken, parameters);

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every SQL text is a constant of this assembly; values only ever travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>INSERT ... ON CONFLICT DO NOTHING: null means the occurrence already has a delivery.</summary>
    private static async Task<long?> InsertDeliveryAsync(
        DbConnection connection,
        DbTransaction transaction,
        string scheduleId,
        DateTimeOffset occurrenceUtc,
        string occurrenceLocal,
        int nudgeIndex,
        string key,
        DeliveryState state,
        string? error,
        long now,
        CancellationToken cancellationToken)
    {
        var id = await ScalarAsync(
            connection,
            transaction,
            "INSERT INTO deliveries (schedule_id, occurrence_utc, occurrence_local, nudge_index, idempotency_key, state, error, created_at, updated_at) " +
            "VALUES (@schedule, @occurrence, @local, @index, @key, @state, @error, @now, @now) " +
            "ON CONFLICT (schedule_id, occurrence_utc) DO NOTHING RETURNING id",
            cancellationToken,
            ("schedule", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("local", occurrenceLocal),
            ("index", nudgeIndex),
            ("key", key),
            ("state", StateText(state)),
            ("error", error),
            ("now", now));
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private static NudgeSchedule ReadSchedule(DbDataReader reader) => new(
        reader.GetString(0),
        ParsePlatform(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        (DayOfWeek)Array.IndexOf(DayNames, reader.GetString(4)),
        TimeOnly.ParseExact(reader.GetString(5), "HH:mm", CultureInfo.InvariantCulture),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetBoolean(8),
        ToInt(reader.GetValue(9)),
        FromMs(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : FromMs(reader.GetInt64(12)),
        reader.GetBoolean(13),
        FromMs(reader.GetInt64(14)));

    private static NudgeDelivery ReadDelivery(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        FromMs(reader.GetInt64(2)),
        reader.GetString(3),
        ToInt(reader.GetValue(4)),
        reader.GetString(5),
        ParseState(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        FromMs(reader.GetInt64(9)));

    private static string LastResult(DeliveryState state, string occurrenceLocal, string? error) => state switch
    {
        DeliveryState.Sent => $"posted {occurrenceLocal}",
        DeliveryState.Failed => $"failed {occurrenceLocal}: {error ?? "unknown error"}",
        DeliveryState.Skipped => $"skipped {occurrenceLocal}: {error ?? "missed"}",
        DeliveryState.Unknown => $"unknown {occurrenceLocal}: {error ?? "may not have been posted"}",
        _ => $"sending {occurrenceLocal}",
    };

    private static string PlatformText(Platform platform) => platform.ToString().ToLowerInvariant();

    private static Platform ParsePlatform(string text) => Enum.Parse<Platform>(text, ignoreCase: true);

    private static string StateText(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static DeliveryState ParseState(string text) => Enum.Parse<DeliveryState>(text, ignoreCase: true);

    private static int ToInt(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static long Ms(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private long Now() => Ms(_time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge store {Store}: applied migration {Version} ({Description})")]
    private partial void LogMigrationApplied(string store, int version, string description);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule {ScheduleId}: occurrence {Occurrence:O} was claimed elsewhere (or is no longer due)")]
    private partial void LogClaimLost(string scheduleId, DateTimeOffset occurrence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: occurrence {Occurrence:O} already has a delivery; moved past it without posting again")]
    private partial void LogAlreadyDelivered(string scheduleId, DateTimeOffset occurrence);
}
