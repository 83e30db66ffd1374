using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>The SQLite store when its file is deleted, replaced or refused: one clear exception, then recovery.</summary>
public sealed class SqliteStoreFaultTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("il6bot-fault-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private SqliteNudgeStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => Path.Combine(_dir, "data", "il6bot.db");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        _store = new SqliteNudgeStore($"Data Source={Db}", _clock, NullLogger<SqliteNudgeStore>.Instance);
        await _store.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Every_operation_on_a_deleted_file_throws_store_unavailable_naming_it_and_none_creates_it_again()
    {
        await _store.CreateAsync(Schedule(), Ct);
        Directory.Delete(Path.GetDirectoryName(Db)!, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);

        Func<Task>[] operations =
        [
            () => _store.CreateAsync(Schedule(), Ct),
            () => _store.ListAsync(Platform.Discord, "g1", Ct),
            () => _store.GetDueAsync(_clock.GetUtcNow().AddDays(30), 10, Ct),
            () => _store.TryClaimAsync("n1", Schedule().NextRunUtc, "local", Schedule().NextRunUtc.AddDays(7), Ct),
            () => _store.CancelAsync(Platform.Discord, "g1", "n1", Ct),
            () => _store.NextManualPositionAsync(Platform.Discord, "g1", "c1", Ct),
            () => _store.PingAsync(Ct),
        ];
        foreach (var operation in operations)
        {
            var ex = await Assert.ThrowsAsync<StoreUnavailableException>(operation);
            Assert.Equal($"database file missing at {Db}", ex.Message);
        }

        Assert.False(File.Exists(Db));
        Assert.Equal($"database file missing at {Db}", _store.CurrentFault);
    }

    [Fact]
    public async Task Restoring_the_file_recovers_with_its_data_and_the_next_write_or_probe_clears_the_fault()
    {
        var created = await _store.CreateAsync(Schedule(), Ct);
        var backup = Path.Combine(_dir, "backup.db");
        File.Move(Db, backup);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => _store.CreateAsync(Schedule(), Ct));

        File.Move(backup, Db);

        // A read works but proves nothing about writes: the fault stays until something is written.
        Assert.Equal([created], await _store.ListAsync(Platform.Discord, "g1", Ct));
        Assert.NotNull(_store.CurrentFault);
        Assert.True(await _store.PingAsync(Ct));
        Assert.Null(_store.CurrentFault);
        Assert.Equal("n2", (await _store.CreateAsync(Schedule(), Ct)).Id);
    }

    [Fact]
    public async Task A_file_replaced_by_garbage_or_an_empty_database_is_reported_as_such_and_left_as_it_is()
    {
        File.Delete(Db);
        await File.WriteAllTextAsync(Db, new string('x', 200), Ct);
        var garbage = await Assert.ThrowsAsync<StoreUnavailableException>(() => _store.CreateAsync(Schedule(), Ct));
        Assert.Equal($"{Db} is not a usable database (damaged, or replaced by another file)", garbage.Message);

        File.Delete(Db);
        await File.WriteAllBytesAsync(Db, [], Ct);
        var empty = await Assert.ThrowsAsync<StoreUnavailableException>(() => _store.CreateAsync(Schedule(), Ct));
        Assert.Equal($"database file {Db} has no schedule tables (replaced or re-created empty)", empty.Message);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => _store.PingAsync(Ct));
        Assert.Equal(0, new FileInfo(Db).Length);
    }

    [Theory]
    [InlineData(8, false, "database file {0} (or its -wal/-shm) is read-only")]
    [InlineData(8 | (4 << 8), false, "database file {0} (or its -wal/-shm) is read-only")] // SQLITE_READONLY_DBMOVED
    [InlineData(10 | (3 << 8), false, "I/O error on database file {0}")] // SQLITE_IOERR_WRITE
    [InlineData(13, false, "disk full writing database file {0}")]
    [InlineData(14, true, "database file missing at {0}")]
    [InlineData(14, false, "cannot open database file {0}")]
    [InlineData(26, false, "{0} is not a usable database (damaged, or replaced by another file)")]
    [InlineData(3, false, "permission denied on database file {0}")]
    [InlineData(5, false, "database file {0} stayed locked by another connection or process")]
    [InlineData(10, true, "database file missing at {0}")]
    public void Sqlite_errors_about_the_file_are_store_faults_in_words_an_operator_can_act_on(int code, bool fileMissing, string expected)
    {
        var fault = SqliteStoreFaults.Describe(new SqliteException("SQLite error", code), "/srv/il6bot.db", fileMissing);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, "/srv/il6bot.db"), fault);
    }

    [Theory]
    [InlineData(19, "SQLite Error 19: 'UNIQUE constraint failed: schedules.id'.")]
    [InlineData(1, "SQLite Error 1: 'no such table: manual_rotations'.")]
    [InlineData(1, "SQLite Error 1: 'near \"SELEC\": syntax error'.")]
    public void Errors_in_a_statement_or_an_unmigrated_later_table_are_not_store_faults(int code, string message)
    {
        Assert.Null(SqliteStoreFaults.Describe(new SqliteException(message, code), "/srv/il6bot.db", fileMissing: false));
    }

    private NewNudgeSchedule Schedule() =>
        new(Platform.Discord, "g1", "c1", DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", "mod", _clock.GetUtcNow().AddDays(7), _clock.GetUtcNow());
}
