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

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
