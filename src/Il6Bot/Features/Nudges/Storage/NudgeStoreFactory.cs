using System.Runtime.CompilerServices;
using Il6Bot.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>Builds the configured store; relative SQLite paths are resolved against the content root, not the working directory.</summary>
public static class NudgeStoreFactory
{
    public const string DefaultSqliteFile = "data/il6bot.db";

    public static AdoNudgeStore Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return options.Provider == StorageProvider.Postgres
            ? CreatePostgres(options.ConnectionString!, time, loggers)
            : new SqliteNudgeStore(
                SqliteConnectionString(options.ConnectionString, services.GetRequiredService<IHostEnvironment>().ContentRootPath),
                time,
                loggers.CreateLogger<SqliteNudgeStore>());
    }

    /// <summary>Apart, as <see cref="StorageOptionsValidator"/>'s check is, so that a SQLite bot never loads Npgsql.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PostgresNudgeStore CreatePostgres(string connectionString, TimeProvider time, ILoggerFactory loggers) =>
        new(connectionString, time, loggers.CreateLogger<PostgresNudgeStore>());

    /// <summary>
    /// Empty → <c>data/il6bot.db</c> under the content root; a bare path is accepted as the file. The file's
    /// folder is created, since SQLite creates the file but not its directory.
    /// </summary>
    internal static string SqliteConnectionString(string? configured, string contentRoot)
    {
        configured = configured?.Trim();
        var builder = string.IsNullOrEmpty(configured)
            ? new SqliteConnectionStringBuilder { DataSource = DefaultSqliteFile }
            : configured.Contains('=', StringComparison.Ordinal)
                ? new SqliteConnectionStringBuilder(configured)
                : new SqliteConnectionStringBuilder { DataSource = configured };
        if (!StorageOptionsValidator.IsInMemory(builder) && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            var folder = Path.GetDirectoryName(builder.DataSource)!;
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StartupException(
                    $"Storage:ConnectionString: cannot create the folder {folder} for the SQLite file: {e.Message} Name a writable path.", e);
            }
        }

        return builder.ToString();
    }
}
