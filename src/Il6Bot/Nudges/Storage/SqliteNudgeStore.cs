using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Il6Bot.Nudges.Storage;

/// <summary>
/// SQLite file store (the default). WAL lets readers run beside the one writer; every read-modify-write
/// starts with BEGIN IMMEDIATE so two connections or processes on one file queue for the write lock
/// (busy_timeout) instead of failing with SQLITE_BUSY halfway through a transaction.
/// </summary>
public sealed class SqliteNudgeStore : AdoNudgeStore
{
    /// <summary>How long a writer waits for another connection's write lock before giving up.</summary>
    private const int BusyTimeoutMs = 15_000;

    private readonly string _connectionString;

    public SqliteNudgeStore(string connectionString, TimeProvider time, ILogger<SqliteNudgeStore> logger)
        : base(time, logger)
    {
        _connectionString = connectionString;
        DataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    /// <summary>The database file.</summary>
    public string DataSource { get; }

    public override string Description => "SQLite " + DataSource;

    internal override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    protected override string NextScheduleNumberSql =>
        "UPDATE id_sequences SET value = value + 1 WHERE name = 'schedules' RETURNING value";

    internal override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>BEGIN IMMEDIATE already holds the database's only write lock.</summary>
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>WAL is a property of the file and can only be switched outside a transaction.</summary>
    protected override Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);

    public override ValueTask DisposeAsync()
    {
        // Pooled handles keep the file open (and the -wal/-shm files present) until the pool lets go.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
