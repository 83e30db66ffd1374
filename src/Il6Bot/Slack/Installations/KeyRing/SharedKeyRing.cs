using Il6Bot.Features.Nudges.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// The Data Protection key ring every instance sees (<see cref="Store"/>, null for an in-memory SQLite database,
/// which no other process can see, so Data Protection's default applies) and, with <c>Slack:TokenEncryptionKey</c>,
/// the cipher that seals it there.
/// </summary>
public sealed class SharedKeyRing(IKeyRingStore? store, KeyRingCipher? cipher)
{
    public IKeyRingStore? Store { get; } = store;

    public KeyRingCipher? Cipher { get; } = cipher;

    /// <summary>
    /// PostgreSQL: the store's own table, which every instance on the database reads. SQLite: a folder beside the
    /// database file (the data folder), which the processes sharing that file also share. No store (Data Protection's
    /// default) for an in-memory SQLite database, which no other process can see anyway. Sealed with
    /// <c>Slack:TokenEncryptionKey</c> when it is set (validated at start-up).
    /// </summary>
    public static SharedKeyRing Create(IServiceProvider provider)
    {
        var cipher = KeyRingCipher.FromSecret(provider.GetRequiredService<IOptions<SlackInstallOptions>>().Value.TokenEncryptionKey);
        IKeyRingStore? store = provider.GetRequiredService<AdoNudgeStore>() switch
        {
            PostgresNudgeStore postgres => new PostgresKeyRingStore(postgres),
            SqliteNudgeStore { DataSource: var file } when Path.IsPathFullyQualified(file) => new DirectoryKeyRingStore(
                new DirectoryInfo(Path.Combine(Path.GetDirectoryName(file)!, "data-protection-keys")),
                provider.GetRequiredService<ILoggerFactory>()),
            _ => null,
        };
        return new SharedKeyRing(store, cipher);
    }

    /// <summary>What Data Protection reads and writes; null leaves its default.</summary>
    public IXmlRepository? Repository { get; } = store is null ? null
        : cipher is null ? store
        : new EncryptedXmlRepository(store, cipher, store.Location);
}
