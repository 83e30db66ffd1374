using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// The key ring as Data Protection sees it when <c>Slack:TokenEncryptionKey</c> is set: every element is sealed on
/// its way into the store and opened on its way out, so the store holds no usable key. Elements stored in the clear
/// (written before the secret was set) still read as they are; the start-up check seals them in place.
/// </summary>
public sealed class EncryptedXmlRepository(IXmlRepository inner, KeyRingCipher cipher, string location) : IXmlRepository
{
    /// <summary>
    /// An element this secret does not open fails the whole read rather than being skipped: with no key left, Data
    /// Protection would make a new one sealed with this secret, which the other instances could not open either. Data
    /// Protection turns the failure into a CryptographicException (a token reads as unavailable); the start-up check
    /// names the cause before it gets that far.
    /// </summary>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var stored = inner.GetAllElements();
        var elements = new List<XElement>(stored.Count);
        foreach (var element in stored)
        {
            if (!KeyRingCipher.IsSealed(element))
            {
                elements.Add(element);
                continue;
            }

            elements.Add(cipher.TryOpen(element) ?? throw new CryptographicException(WrongSecretMessage(location)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName) => inner.StoreElement(cipher.Seal(element, friendlyName), friendlyName);

    public static string WrongSecretMessage(string location) =>
        $"Slack:TokenEncryptionKey does not open the key ring in {location} (was it changed?). Set it back to the value the " +
        "keys were written with (every instance needs the same one). Only if that value is lost: clear the key ring and " +
        "have every workspace install the app again, since the stored tokens cannot be read without it.";
}
