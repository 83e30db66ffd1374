using System.Net.Sockets;
using Il6Bot.Features.Nudges.Storage;
using Npgsql;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>Which PostgreSQL and Npgsql errors mean "the store is unavailable", without a server.</summary>
public sealed class PostgresStoreFaultsTests
{
    private const string Store = "PostgreSQL db:5432/il6bot as bot";

    [Theory]
    [InlineData("57P01", "terminating connection due to administrator command", "the server closed the connection (restarting or shutting down)")]
    [InlineData("57P02", "terminating connection because of crash of another server process", "the server closed the connection (restarting or shutting down)")]
    [InlineData("57P03", "the database system is starting up", "the server is starting up or shutting down")]
    [InlineData("53300", "sorry, too many clients already", "the server's connection limit is reached")]
    [InlineData("53100", "could not extend file: No space left on device", "the server is out of resources (53100)")]
    [InlineData("25006", "cannot execute UPDATE in a read-only transaction", "the database is read-only (a standby, or default_transaction_read_only)")]
    [InlineData("28P01", "password authentication failed for user \"bot\"", "the server refused the login (check the user and password)")]
    [InlineData("3D000", "database \"il6bot\" does not exist", "the configured database does not exist")]
    [InlineData("42P01", "relation \"schedules\" does not exist", "the schedule tables are missing (database replaced or schema dropped)")]
    [InlineData("40P01", "deadlock detected", "a temporary server error (40P01)")]
    public void Server_errors_that_mean_the_store_cannot_be_used_now_are_faults(string sqlState, string message, string expected)
    {
        var fault = PostgresStoreFaults.Describe(new PostgresException(message, "FATAL", "FATAL", sqlState), Store);

        Assert.Equal($"{Store}: {expected}", fault);
    }

    [Theory]
    [InlineData("23505", "duplicate key value violates unique constraint \"schedules_pkey\"")]
    [InlineData("42601", "syntax error at or near \"SELEC\"")]
    [InlineData("42P01", "relation \"manual_rotations\" does not exist")]
    public void Errors_of_a_statement_or_an_unmigrated_later_table_are_not_faults(string sqlState, string message)
    {
        Assert.Null(PostgresStoreFaults.Describe(new PostgresException(message, "ERROR", "ERROR", sqlState), Store));
    }

    [Fact]
    public void Client_side_failures_are_faults_named_by_their_cause()
    {
        Assert.Equal(
            $"{Store}: cannot reach the server (ConnectionRefused)",
            PostgresStoreFaults.Describe(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), Store));
        Assert.Equal(
            $"{Store}: every connection of the pool is in use (Max Pool Size reached)",
            PostgresStoreFaults.Describe(new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 1) or 'Timeout'", new TimeoutException()), Store));
        Assert.Equal(
            $"{Store}: the connection to the server was lost",
            PostgresStoreFaults.Describe(new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), Store));
        Assert.Null(PostgresStoreFaults.Describe(new InvalidOperationException("a bug"), Store));
    }
}
