using System.Data.Common;
using System.Globalization;
using Il6Bot.Commands;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The store's logic, written once over ADO.NET. The SQL below is the common subset of SQLite and
/// PostgreSQL (RETURNING, ON CONFLICT, partial indexes, TRUE/FALSE); a provider supplies only connections,
/// its migrations, id numbering and how a write transaction takes its lock.
/// </summary>
public abstract partial class AdoNudgeStore : INudgeStore, IAsyncDisposable
{
    internal const string ScheduleColumns =
        "id, platform, tenant_id, channel_id, day, local_time, time_zone, created_by, paused, rotation_position, " +
        "next_run_utc, last_result, last_result_at, failing, created_at, edited_by, edited_at, mention, topics, skip_utc, cancelled";

    internal const string DeliveryColumns =
        "id, schedule_id, occurrence_utc, occurrence_local, nudge_index, idempotency_key, state, message_id, error, updated_at, channel_id, mention, topics";

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
        if (schedule.Mention is not null || schedule.Topics is not null)
        {
            // A separate statement, so a schedule without them is still written the way every schema version takes it.
            await ExecuteAsync(
                connection,
                transaction,
                "UPDATE schedules SET mention = @mention, topics = @topics WHERE id = @id",
                cancellationToken,
                ("id", id),
                ("mention", schedule.Mention?.Text),
                ("topics", schedule.Topics));
        }

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
            FromMs(Ms(schedule.CreatedAt)))
        {
            Mention = schedule.Mention,
            Topics = schedule.Topics,
        };
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
        // occurrences that passed during the pause are not caught up. A skip survives only if it is still the next run.
        var sql = paused
            ? "UPDATE schedules SET paused = TRUE WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled"
            : "UPDATE schedules SET paused = FALSE, next_run_utc = @next, skip_utc = CASE WHEN skip_utc = @next THEN skip_utc ELSE NULL END " +
              "WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled";
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge store {Store}: applied migration {Version} ({Description})")]
    private partial void LogMigrationApplied(string store, int version, string description);
}
