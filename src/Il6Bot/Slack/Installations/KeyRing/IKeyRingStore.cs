using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// Where the shared key ring is kept (the PostgreSQL table or the folder beside the SQLite file), as stored: with
/// each element's name, and able to replace one, so the start-up check can seal keys written before
/// <c>Slack:TokenEncryptionKey</c> was set.
/// </summary>
public interface IKeyRingStore : IXmlRepository
{
    /// <summary>Where the key ring is, for operators: "the database", "the folder /var/lib/il6bot/data-protection-keys".</summary>
    string Location { get; }

    IReadOnlyList<StoredKeyElement> GetAllStoredElements();

    void ReplaceElement(string friendlyName, XElement element);
}

public readonly record struct StoredKeyElement(string FriendlyName, XElement Element);
