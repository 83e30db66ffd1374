using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The PostgreSQL errors that mean the server cannot be used right now (restarting, unreachable, out of
/// connections or resources, read-only, refusing the login), as opposed to a bug in a statement.
/// </summary>
internal static partial class PostgresStoreFaults
{
    /// <summary>Why the store is unavailable, or null; <paramref name="store"/> names it without the password.</summary>
    public static string? Describe(Exception exception, string store)
    {
        var fault = exception switch
        {
            PostgresException server => Describe(server),

            // Everything else Npgsql raises is on the client's side of the wire: the socket, a timeout, a broken
            // connection or an exhausted pool. None of it is caused by the statement.
            NpgsqlException client => Describe(client),
            SocketException socket => $"cannot reach the server ({socket.SocketErrorCode})",
            TimeoutException => "timed out waiting for the server",
            _ => null,
        };
        return fault is null ? null : $"{store}: {fault}";
    }

    private static string? Describe(PostgresException server) => server.SqlState switch
    {
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => "the server closed the connection (restarting or shutting down)",
        PostgresErrorCodes.CannotConnectNow => "the server is starting up or shutting down",
        PostgresErrorCodes.TooManyConnections => "the server's connection limit is reached",
        PostgresErrorCodes.ReadOnlySqlTransaction => "the database is read-only (a standby, or default_transaction_read_only)",
        PostgresErrorCodes.InsufficientPrivilege => "permission denied for the configured user",
        PostgresErrorCodes.InvalidCatalogName => "the configured database does not exist",
        PostgresErrorCodes.InvalidSchemaName => "the configured schema does not exist",

        // A relation every schema version has is missing: the schema was dropped or the database replaced. One of a
        // later version missing is a schema that was not migrated, which stays an ordinary error.
        PostgresErrorCodes.UndefinedTable when FirstSchemaRelationMissing().IsMatch(server.MessageText) =>
            "the schedule tables are missing (database replaced or schema dropped)",
        _ when server.SqlState.StartsWith("08", StringComparison.Ordinal) => "the connection to the server failed",
        _ when server.SqlState.StartsWith("28", StringComparison.Ordinal) => "the server refused the login (check the user and password)",
        _ when server.SqlState.StartsWith("53", StringComparison.Ordinal) => $"the server is out of resources ({server.SqlState})",
        _ when server.IsTransient => $"a temporary server error ({server.SqlState})",
        _ => null,
    };

    private static string Describe(NpgsqlException client) => client.InnerException switch
    {
        TimeoutException when client.Message.Contains("pool", StringComparison.OrdinalIgnoreCase) =>
            "every connection of the pool is in use (Max Pool Size reached)",
        TimeoutException => "timed out connecting to or waiting for the server",
        SocketException socket => $"cannot reach the server ({socket.SocketErrorCode})",
        IOException or EndOfStreamException => "the connection to the server was lost",
        _ => "the connection to the server failed",
    };

    /// <summary>The relations of schema version 1, and the replay table a change claims first.</summary>
    [GeneratedRegex("""relation "(\w+\.)?(schema_version|schedules|deliveries|schedule_number|handled_requests)" does not exist""", RegexOptions.CultureInvariant)]
    private static partial Regex FirstSchemaRelationMissing();
}
