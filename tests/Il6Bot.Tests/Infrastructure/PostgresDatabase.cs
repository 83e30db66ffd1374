using System.Text.Json;
using Npgsql;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// A private, empty schema on the test PostgreSQL named by <c>IL6BOT_POSTGRES</c> (see <c>.ci/postgres.sh</c>),
/// dropped on dispose, so tests run in parallel without seeing each other's rows. Without a server the test
/// is skipped with instructions, unless <c>IL6BOT_REQUIRE_POSTGRES=1</c> (CI), where it fails instead.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string ConnectionVariable = "IL6BOT_POSTGRES";

    public const string RequireVariable = "IL6BOT_REQUIRE_POSTGRES";

    public const string SkipMessage =
        "PostgreSQL tests did not run: no server. Run `source .ci/postgres.sh` (or set IL6BOT_POSTGRES to a connection string) and run dotnet test again.";

    private static int _skipAnnounced;

    private readonly string _adminConnectionString;

    private PostgresDatabase(string adminConnectionString, string schema)
    {
        _adminConnectionString = adminConnectionString;
        Schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public string Schema { get; }

    /// <summary>The server's connection string with this schema as the search path.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Same database, different application name: Npgsql keys its pools by connection string, so each name
    /// gets its own pool, as a second bot process would.
    /// </summary>
    public string ConnectionStringFor(string applicationName) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString;

    /// <summary>Creates the schema, or skips (fails in CI) when no server is configured.</summary>
    public static async Task<PostgresDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail($"{RequireVariable}=1 but {ConnectionVariable} is not set, so the PostgreSQL tests cannot run. Run `source .ci/postgres.sh` before dotnet test.");
            }

            // dotnet test prints skip reasons only at detailed verbosity; a diagnostic message (enabled in
            // xunit.runner.json) is shown by default, once per run.
            if (Interlocked.Exchange(ref _skipAnnounced, 1) == 0)
            {
                TestContext.Current.SendDiagnosticMessage(SkipMessage);
            }

            Assert.Skip(SkipMessage);
        }

        var schema = "t_" + Guid.NewGuid().ToString("N");
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            // The variable is set, so the tests were asked for: an unreachable server is a failure, not a skip.
            Assert.Fail($"{ConnectionVariable} is set but the server did not accept a connection ({ex.Message}). Run `source .ci/postgres.sh` again.");
        }

        return new PostgresDatabase(connectionString, schema);
    }

    /// <summary>
    /// What a dump of the database holds: every row of every table in this schema, each as the JSON of its columns
    /// (<c>row_to_json</c>), by table name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<JsonElement>>> DumpAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
        {
            list.Parameters.AddWithValue("schema", Schema);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new Dictionary<string, IReadOnlyList<JsonElement>>();
        foreach (var table in tables)
        {
            var rows = new List<JsonElement>();
            await using var select = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM \"{Schema}\".\"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
            }

            dump[table] = rows;
        }

        return dump;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
