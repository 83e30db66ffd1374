using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// SQLite file store (the default). WAL lets readers run beside the one writer; every read-modify-write
/// starts with BEGIN IMMEDIATE so two connections or processes on one file queue for the write lock
/// (busy_timeout) instead of failing with SQLITE_BUSY halfway through a transaction.
/// </summary>
/// <remarks>
/// Every operation opens the file afresh (no pool), after start-up without permission to create it. A pooled
/// handle outlives what happens to the file: after the data folder is deleted it keeps writing into the unlinked
/// file (every write acknowledged, all of them lost), and a handle opened read-only during a read-only spell stays
/// read-only after the file is writable again. A fresh open sees the file as it is now; a missing file is
/// reported as missing rather than created empty, since an empty file would hide the loss until the next restart
/// (the operator restores the file, and the next operation uses it). The cost is an open per operation: on the
/// 2-core test machine a read took about 0.3 ms instead of 0.03 ms and a write 1–2 ms instead of 0.3 ms (the last
/// connection to close also checkpoints the WAL); an idle tick is one read every 15 s.
/// </remarks>
public sealed class SqliteNudgeStore : AdoNudgeStore
{
    /// <summary>How long a writer waits for another connection's write lock before giving up.</summary>
    private const int BusyTimeoutMs = 15_000;

    private readonly string _connectionString;
    private readonly string _createConnectionString;

    // The file to check after each write; null for a "file:" URI, which SQLite resolves itself.
    private readonly string? _filePath;

    public SqliteNudgeStore(string connectionString, TimeProvider time, ILogger<SqliteNudgeStore> logger)
        : base(time, logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        DataSource = builder.DataSource;
        _filePath = DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? null : DataSource;
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _createConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _connectionString = builder.ToString();
    }

    /// <summary>The database file.</summary>
    public string DataSource { get; }

    public override string Description => "SQLite " + DataSource;

    internal override IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    protected override string NextScheduleNumberSql =>
        "UPDATE id_sequences SET value = value + 1 WHERE name = 'schedules' RETURNING value";

    internal override Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => OpenAsync(_connectionString, cancellationToken);

    /// <summary>Migrations run at start-up, where creating the file (and its schema) is the point.</summary>
    protected override Task<DbConnection> OpenForMigrationAsync(CancellationToken cancellationToken) => OpenAsync(_createConnectionString, cancellationToken);

    protected override string? DescribeFault(Exception exception) =>
        exception is SqliteException sqlite ? SqliteStoreFaults.Describe(sqlite, DataSource, FileMissing()) : null;

    /// <summary>
    /// A write that committed into a file that was deleted meanwhile (the unlinked file stays writable while open)
    /// is lost with it, so it is reported as not done.
    /// </summary>
    protected override void VerifyWriteLanded()
    {
        if (FileMissing())
        {
            throw new StoreUnavailableException(SqliteStoreFaults.Missing(DataSource));
        }
    }

    private bool FileMissing() => _filePath is not null && !File.Exists(_filePath);

    private async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite opens a file it may not write read-only instead of failing. Such a handle is closed before it
            // reads anything: its first read would create the WAL index (-shm) with the file's read-only mode, and
            // that index would keep refusing writes after the file is writable again.
            if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new StoreUnavailableException(SqliteStoreFaults.ReadOnly(DataSource));
            }

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

    /// <summary>Nothing to release: no connection is held between operations.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
