using Il6Bot.Hosting;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// Before anything reads a token (in <see cref="StartingAsync"/>, after the store's migration, registered earlier,
/// has made the key ring's table): the configured <c>Slack:TokenEncryptionKey</c> must open every sealed key, and a
/// sealed ring needs one at all, or start-up stops naming the key. Keys stored in the clear before the secret was set
/// are sealed in place, so from then on the store alone opens no token.
/// </summary>
public sealed partial class KeyRingStartupCheck(SharedKeyRing keyRing, ILogger<KeyRingStartupCheck> logger) : StartupStep
{
    public override Task StartingAsync(CancellationToken cancellationToken)
    {
        if (keyRing.Store is not { } store)
        {
            return Task.CompletedTask;
        }

        IReadOnlyList<StoredKeyElement> stored;
        try
        {
            stored = store.GetAllStoredElements();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new StartupException($"The Data Protection key ring in {store.Location} could not be read: {ex.Message}", ex);
        }

        if (keyRing.Cipher is not { } cipher)
        {
            if (stored.Any(element => KeyRingCipher.IsSealed(element.Element)))
            {
                throw new StartupException(
                    $"Slack:TokenEncryptionKey is not set, but the key ring in {store.Location} is encrypted with one. Set it to " +
                    "the value the keys were written with (every instance needs the same one).");
            }

            return Task.CompletedTask;
        }

        var sealedNow = 0;
        foreach (var (friendlyName, element) in stored)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!KeyRingCipher.IsSealed(element))
            {
                store.ReplaceElement(friendlyName, cipher.Seal(element, friendlyName));
                sealedNow++;
            }
            else if (cipher.TryOpen(element) is null)
            {
                throw new StartupException(EncryptedXmlRepository.WrongSecretMessage(store.Location));
            }
        }

        if (sealedNow > 0)
        {
            LogSealedPlainKeys(sealedNow, store.Location);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Why reading them on (sealed) rather than refusing them: refusing would make every installation so far unreadable
    /// and every workspace install again, when what is exposed is only what copies taken before hold.
    /// </summary>
    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Count} Data Protection key(s) in {Location} were stored unencrypted before Slack:TokenEncryptionKey was set; they are " +
        "encrypted with it now. Backups or dumps of the store taken before still hold them, and with them the Slack tokens " +
        "written so far: if such a copy may have got out, treat those tokens as exposed (with token rotation they expire " +
        "within 12 hours; otherwise remove the app from each workspace and install it again).")]
    private partial void LogSealedPlainKeys(int count, string location);
}
