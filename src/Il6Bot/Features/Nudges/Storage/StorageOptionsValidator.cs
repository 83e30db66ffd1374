using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>Start-up validation of <c>Storage:*</c>; messages name the key and never echo the connection string.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var connectionString = options.ConnectionString?.Trim();

        // Before anything else: as a SQLite path a URL would name a folder after its password, created and logged.
        if (connectionString is not null && IsUrl(connectionString, fileUrisAllowed: options.Provider == StorageProvider.Sqlite))
        {
            return ValidateOptionsResult.Fail(UrlRefusedText);
        }

        if (options.Provider == StorageProvider.Postgres)
        {
            return ValidatePostgres(connectionString);
        }

        if (options.Provider != StorageProvider.Sqlite)
        {
            return ValidateOptionsResult.Fail("Storage:Provider must be Sqlite or Postgres.");
        }

        // Empty means the default file; a value without '=' is taken as the file path itself.
        if (string.IsNullOrEmpty(connectionString) || !connectionString.Contains('=', StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Success;
        }

        var builder = TryParse(() => new SqliteConnectionStringBuilder(connectionString));
        if (builder is null)
        {
            return ValidateOptionsResult.Fail(
                "Storage:ConnectionString is not a valid SQLite connection string (expected Data Source=path/to/il6bot.db, or just a file path).");
        }

        return IsInMemory(builder)
            ? ValidateOptionsResult.Fail("Storage:ConnectionString must name a SQLite file, not an in-memory database: schedules have to survive restarts.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// Apart from <see cref="Validate"/> so that a SQLite bot never loads Npgsql (about 1.5 MB resident): the runtime
    /// loads the assemblies a method names when it first runs it, whichever branch runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValidateOptionsResult ValidatePostgres(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return ValidateOptionsResult.Fail(
                "Storage:ConnectionString is required when Storage:Provider is Postgres, e.g. Host=localhost;Database=il6bot;Username=il6bot;Password=...");
        }

        return TryParse(() => new NpgsqlConnectionStringBuilder(connectionString)) is null
            ? ValidateOptionsResult.Fail(
                "Storage:ConnectionString is not a valid PostgreSQL connection string (expected Key=Value pairs such as Host=...;Database=...;Username=...).")
            : ValidateOptionsResult.Success;
    }

    /// <summary>Names the key and the form to use, never the value: a URL usually carries the password.</summary>
    public const string UrlRefusedText =
        "Storage:ConnectionString looks like a URL (scheme://user:password@host/...), which neither provider accepts (Npgsql does not take URLs). "
        + "Use the Key=Value form, e.g. Host=db.example;Database=il6bot;Username=il6bot;Password=..., with Storage:Provider=Postgres.";

    // SQLite's own file: URIs (Data Source=file:///path?mode=rwc) are the one legitimate "://".
    private static bool IsUrl(string connectionString, bool fileUrisAllowed)
    {
        for (var at = connectionString.IndexOf("://", StringComparison.Ordinal); at >= 0; at = connectionString.IndexOf("://", at + 3, StringComparison.Ordinal))
        {
            if (!fileUrisAllowed || !connectionString.AsSpan(0, at).EndsWith("file", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:";

    private static T? TryParse<T>(Func<T> build)
        where T : DbConnectionStringBuilder
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return null;
        }
    }
}
