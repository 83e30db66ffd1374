using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// Seals one Data Protection key-ring element with AES-256-GCM under <c>Slack:TokenEncryptionKey</c>, as
/// <c>&lt;encryptedKey version="1" name="..."&gt;base64(nonce|tag|ciphertext)&lt;/encryptedKey&gt;</c>. The element's
/// friendly name is authenticated with it, so a sealed element copied under another name does not open. A plain
/// AES-GCM envelope rather than Data Protection's own IXmlEncryptor: Data Protection finds an element's decryptor by
/// the type name written into the XML and creates it through reflection, which trimming and Native AOT cannot see.
/// </summary>
public sealed class KeyRingCipher
{
    public const string ElementName = "encryptedKey";

    /// <summary>32 bytes: AES-256.</summary>
    public const int SecretBytes = 32;

    private const string Version = "1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    // The configured secret is not used as the AES key itself but through HKDF under this label, so it could key
    // something else later without the two uses sharing a key.
    private static ReadOnlySpan<byte> KeyLabel => "Il6Bot.DataProtectionKeyRing.v1"u8;

    private readonly byte[] _key;

    private KeyRingCipher(byte[] key) => _key = key;

    /// <summary>The cipher for a <c>Slack:TokenEncryptionKey</c> value, or null when it is not base64 of 32 bytes.</summary>
    public static KeyRingCipher? FromSecret(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var secret = new byte[SecretBytes + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), secret, out var written) || written != SecretBytes)
        {
            CryptographicOperations.ZeroMemory(secret);
            return null;
        }

        var key = new byte[SecretBytes];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.AsSpan(0, SecretBytes), key, salt: [], info: KeyLabel);
        CryptographicOperations.ZeroMemory(secret);
        return new KeyRingCipher(key);
    }

    public static bool IsSealed(XElement element) => element.Name.LocalName == ElementName && element.Name.Namespace == XNamespace.None;

    public XElement Seal(XElement element, string friendlyName)
    {
        var plain = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData(friendlyName));
        }

        CryptographicOperations.ZeroMemory(plain);
        return new XElement(
            ElementName,
            new XAttribute("version", Version),
            new XAttribute("name", friendlyName),
            Convert.ToBase64String(sealedBytes));
    }

    /// <summary>The element <see cref="Seal"/> wrapped, or null when this secret did not seal it (or it was altered).</summary>
    public XElement? TryOpen(XElement sealedElement)
    {
        if (!IsSealed(sealedElement) || (string?)sealedElement.Attribute("version") != Version || sealedElement.Attribute("name") is not { } name)
        {
            return null;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(sealedElement.Value);
        }
        catch (FormatException)
        {
            return null;
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, AssociatedData(name.Value));
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] AssociatedData(string friendlyName) => Encoding.UTF8.GetBytes(ElementName + "/" + Version + "/" + friendlyName);
}
