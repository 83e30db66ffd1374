using System.Security.Cryptography;
using System.Xml.Linq;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Installations.KeyRing;
using Il6Bot.Slack.Installations.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Installations.KeyRing;

/// <summary>The key ring as Data Protection reads it with <c>Slack:TokenEncryptionKey</c> set.</summary>
public sealed class EncryptedXmlRepositoryTests
{
    private static readonly XElement Key = XElement.Parse(
        "<key id=\"6f1c\" version=\"1\"><descriptor><masterKey><value>c2VjcmV0LWtleS1ieXRlcw==</value></masterKey></descriptor></key>");

    [Fact]
    public void A_key_ring_holding_a_key_this_secret_does_not_open_is_not_read_and_gets_no_key_of_its_own()
    {
        // The ring holds a key another instance sealed with another secret (the start-up check passed before it was written).
        var stored = new MemoryKeyRing();
        stored.StoreElement(Cipher(1).Seal(Key, "key-6f1c"), "key-6f1c");
        var repository = new EncryptedXmlRepository(stored, Cipher(2), "the database");

        var error = Assert.Throws<CryptographicException>(repository.GetAllElements);

        Assert.Contains("Slack:TokenEncryptionKey does not open the key ring in the database", error.Message, StringComparison.Ordinal);

        // Skipping that key would leave Data Protection with none, so it would write a new one sealed with this secret,
        // which the instance that wrote the first could not open either. It writes none, and this token is not protected.
        Assert.ThrowsAny<CryptographicException>(() => Protector(repository).Protect(new SlackTeam(null, "T0ALPHA"), "xoxb-alpha"));
        Assert.Single(stored.GetAllElements());
    }

    private static KeyRingCipher Cipher(byte seed) =>
        KeyRingCipher.FromSecret(Convert.ToBase64String(Enumerable.Repeat(seed, KeyRingCipher.SecretBytes).ToArray()))!;

    /// <summary>Data Protection as the bot sets it up, over the given key ring.</summary>
    private static InstallationTokenProtector Protector(IXmlRepository keyRing)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(SlackInstallationServiceCollectionExtensions.DataProtectionApplicationName);
        services.Configure<KeyManagementOptions>(keys => keys.XmlRepository = keyRing);
        return new InstallationTokenProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>);
    }

    private sealed class MemoryKeyRing : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements() => [.. _elements];

        public void StoreElement(XElement element, string friendlyName) => _elements.Add(element);
    }
}
