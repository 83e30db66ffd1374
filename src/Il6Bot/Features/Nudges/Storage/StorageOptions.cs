namespace Il6Bot.Features.Nudges.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Empty means a SQLite file <c>data/il6bot.db</c> under the content root.</summary>
    public string? ConnectionString { get; set; }
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
