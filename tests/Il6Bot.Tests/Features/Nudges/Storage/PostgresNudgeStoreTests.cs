using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>The store behaviour on PostgreSQL; each test runs in its own schema of the server in IL6BOT_POSTGRES.</summary>
public sealed class PostgresNudgeStoreTests : NudgeStoreTests
{
    private readonly Dictionary<string, PostgresDatabase> _databases = [];

    public override async ValueTask InitializeAsync()
    {
        await DatabaseAsync("main");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
    }

    protected override async Task<AdoNudgeStore> CreateStoreAsync(string hostName) =>
        new PostgresNudgeStore((await DatabaseAsync("main")).ConnectionStringFor(hostName), Clock, NullLogger<PostgresNudgeStore>.Instance);

    protected override async Task<AdoNudgeStore> OpenFreshAsync(string database, string hostName)
    {
        var store = new PostgresNudgeStore((await DatabaseAsync(database)).ConnectionStringFor(hostName), Clock, NullLogger<PostgresNudgeStore>.Instance);
        return await TrackAsync(store);
    }

    // pg_index, not pg_indexes: it gives an index's columns by position, where pg_indexes has only its definition's text.
    protected override async Task<IReadOnlyList<string>> LeadingIndexColumnsAsync(string table)
    {
        await using var connection = await Store.OpenConnectionAsync(Ct);
        return await AdoNudgeStore.QueryAsync(
            connection,
            null,
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] " +
            "WHERE i.indrelid = to_regclass(@table)",
            reader => reader.GetString(0),
            Ct,
            ("table", table));
    }

    [Fact]
    public async Task Due_query_can_use_the_partial_next_run_index()
    {
        await using var connection = (NpgsqlConnection)await Store.OpenConnectionAsync(Ct);

        // A near-empty table is cheaper to scan, so the planner is told to avoid scans: the question is whether
        // the index can serve this exact query (same predicate as the index), not what it picks for 0 rows.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(Ct);
        }

        await using var command = new NpgsqlCommand("EXPLAIN " + AdoNudgeStore.DueSql, connection);
        command.Parameters.AddWithValue("now", 0L);
        command.Parameters.AddWithValue("limit", 10);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            plan.Add(reader.GetString(0));
        }

        Assert.Contains(plan, line => line.Contains("schedules_due", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_configured_for_postgres_migrates_it_and_reports_it_healthy()
    {
        var database = await DatabaseAsync("host");
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = database.ConnectionString },
            cancellationToken: Ct);

        Assert.IsType<PostgresNudgeStore>(host.Services.GetRequiredService<INudgeStore>());
        var health = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Contains("store: Healthy", health, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT max(version) FROM schema_version", connection);
        Assert.Equal(8, await command.ExecuteScalarAsync(Ct));
    }

    private async Task<PostgresDatabase> DatabaseAsync(string name)
    {
        if (!_databases.TryGetValue(name, out var database))
        {
            database = await PostgresDatabase.CreateAsync(Ct);
            _databases[name] = database;
        }

        return database;
    }
}
