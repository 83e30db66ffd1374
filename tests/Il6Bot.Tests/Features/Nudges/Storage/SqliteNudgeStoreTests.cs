using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Nudges.Storage;

public sealed class SqliteNudgeStoreTests : NudgeStoreTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("il6bot-store-").FullName;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    protected override Task<AdoNudgeStore> CreateStoreAsync(string hostName) => Task.FromResult<AdoNudgeStore>(Open("il6bot.db", hostName));

    protected override Task<AdoNudgeStore> OpenFreshAsync(string database, string hostName) => TrackAsync(Open(database + ".db", hostName));

    protected override async Task<IReadOnlyList<string>> LeadingIndexColumnsAsync(string table)
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        return await AdoNudgeStore.QueryAsync(
            connection,
            null,
            "SELECT info.name FROM pragma_index_list(@table) AS list JOIN pragma_index_info(list.name) AS info WHERE info.seqno = 0",
            reader => reader.GetString(0),
            Ct,
            ("table", table));
    }

    /// <summary>
    /// Each "host" gets its own connection string (so its own pool of connections) on the shared file, like a
    /// second process would.
    /// </summary>
    private SqliteNudgeStore Open(string file, string hostName)
    {
        var pooling = hostName != "host-b";
        return new SqliteNudgeStore($"Data Source={Path.Combine(_dir, file)};Pooling={pooling}", Clock, NullLogger<SqliteNudgeStore>.Instance);
    }

    [Fact]
    public async Task Database_uses_wal_journal()
    {
        Assert.Equal("wal", await ScalarRawAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Due_query_reads_the_partial_next_run_index()
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + AdoNudgeStore.DueSql;
        ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("@now", 0L);
        ((Microsoft.Data.Sqlite.SqliteCommand)command).Parameters.AddWithValue("@limit", 10);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var plan = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(plan, step => step.Contains("USING INDEX schedules_due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN schedules", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
    }
}
