using Microsoft.AspNetCore.DataProtection.Repositories;

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

    /// <summary>What Data Protection reads and writes; null leaves its default.</summary>
    public IXmlRepository? Repository { get; } = store is null ? null
        : cipher is null ? store
        : new EncryptedXmlRepository(store, cipher, store.Location);
}
