using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The SQLite result codes that mean the database file cannot be used as it is (as opposed to a bug in a
/// statement), in words an operator can act on. Read from the primary code, so extended codes count too.
/// </summary>
internal static partial class SqliteStoreFaults
{
    private const int Error = 1;
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnlyCode = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int NotADb = 26;

    public static string Missing(string path) => $"database file missing at {path}";

    /// <summary>Also what a writable file with a read-only <c>-wal</c> or <c>-shm</c> beside it answers.</summary>
    public static string ReadOnly(string path) => $"database file {path} (or its -wal/-shm) is read-only";

    /// <summary>
    /// Why the store is unavailable, or null when <paramref name="exception"/> is not about the file. Any fault
    /// on a file that is gone is reported as the missing file, which is what the operator has to fix.
    /// </summary>
    public static string? Describe(SqliteException exception, string path, bool fileMissing)
    {
        var code = exception.SqliteErrorCode & 0xFF;
        string? fault = code switch
        {
            CantOpen => $"cannot open database file {path}",
            ReadOnlyCode => ReadOnly(path),
            IoErr => $"I/O error on database file {path}",
            Corrupt or NotADb => $"{path} is not a usable database (damaged, or replaced by another file)",
            Full => $"disk full writing database file {path}",
            Perm => $"permission denied on database file {path}",
            Busy or Locked or Protocol => $"database file {path} stayed locked by another connection or process",

            // A table every schema version has is missing, or the replay table that the first thing a /nudge
            // change touches (migrated at start-up, like the rest): the file at the path is not the one that was
            // migrated (replaced by, or re-created as, an empty database). Other missing tables stay ordinary errors.
            Error when FirstSchemaTableMissing().IsMatch(exception.Message) =>
                $"database file {path} has no schedule tables (replaced or re-created empty)",
            _ => null,
        };
        return fault is not null && fileMissing ? Missing(path) : fault;
    }

    /// <summary>The tables of schema version 1, and the replay table a change claims first.</summary>
    [GeneratedRegex(@"no such table: (main\.)?(schema_version|schedules|deliveries|id_sequences|handled_requests)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstSchemaTableMissing();
}
