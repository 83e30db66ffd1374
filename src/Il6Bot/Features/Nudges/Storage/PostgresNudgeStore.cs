using System.Data.Common;
using Npgsql;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// PostgreSQL store for several bot processes on one database. Claims rely on READ COMMITTED row locks
/// (a concurrent conditional UPDATE re-checks its WHERE after the winner commits); migrations take a
/// transaction-scoped advisory lock.
/// </summary>
public sealed class PostgresNudgeStore : AdoNudgeStore
{
    /// <summary>First key of the two-key advisory lock; the second is the schema, so schemas migrate independently.</summary>
    private const int MigrationLockKey = 0x11B6;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresNudgeStore(string connectionString, TimeProvider time, ILogger<PostgresNudgeStore> logger)
        : base(time, logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    internal override IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    protected override string NextScheduleNumberSql => "SELECT nextval('schedule_number')";

    internal override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>For callers the framework calls synchronously (Data Protection's key ring), from the same pool.</summary>
    internal NpgsqlConnection OpenConnection() => _dataSource.OpenConnection();

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        ScalarAsync(
            connection,
            transaction,
            "SELECT pg_advisory_xact_lock(@key, hashtext(current_schema()))",
            cancellationToken,
            ("key", MigrationLockKey));

    protected override string? DescribeFault(Exception exception) => PostgresStoreFaults.Describe(exception, Description);

    /// <summary>
    /// After a server restart or a network failure every idle pooled connection may be dead. Dropping them all at the
    /// first fault, whatever Npgsql does on its own for that error, means one failed operation rather than one per
    /// idle connection.
    /// </summary>
    protected override void DropPooledConnections() => _dataSource.Clear();

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
