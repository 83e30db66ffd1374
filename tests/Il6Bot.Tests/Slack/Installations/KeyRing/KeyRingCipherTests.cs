using System.Xml.Linq;
using Il6Bot.Slack.Installations.KeyRing;

namespace Il6Bot.Tests.Slack.Installations.KeyRing;

/// <summary>A sealed key-ring element opens only with the secret and under the name it was sealed with.</summary>
public sealed class KeyRingCipherTests
{
    private static readonly XElement Key = XElement.Parse(
        "<key id=\"6f1c\" version=\"1\"><descriptor><masterKey><value>c2VjcmV0LWtleS1ieXRlcw==</value></masterKey></descriptor></key>");

    private static KeyRingCipher Cipher(byte seed) =>
        KeyRingCipher.FromSecret(Convert.ToBase64String(Enumerable.Repeat(seed, KeyRingCipher.SecretBytes).ToArray()))!;

    [Fact]
    public void A_sealed_element_hides_the_key_and_opens_with_the_same_secret()
    {
        var sealedKey = Cipher(1).Seal(Key, "key-6f1c");

        Assert.True(KeyRingCipher.IsSealed(sealedKey));
        Assert.DoesNotContain("c2VjcmV0LWtleS1ieXRlcw", sealedKey.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", sealedKey.ToString(), StringComparison.Ordinal);
        Assert.Equal(Key.ToString(), Cipher(1).TryOpen(sealedKey)!.ToString());

        // A fresh nonce each time: the same key sealed twice does not look the same.
        Assert.NotEqual(sealedKey.Value, Cipher(1).Seal(Key, "key-6f1c").Value);
    }

    [Fact]
    public void Another_secret_a_renamed_or_an_altered_element_does_not_open()
    {
        var sealedKey = Cipher(1).Seal(Key, "key-6f1c");
        var renamed = new XElement(sealedKey);
        renamed.SetAttributeValue("name", "key-0000");
        var bytes = Convert.FromBase64String(sealedKey.Value);
        bytes[^1] ^= 1;
        var altered = new XElement(sealedKey) { Value = Convert.ToBase64String(bytes) };

        Assert.Null(Cipher(2).TryOpen(sealedKey));
        Assert.Null(Cipher(1).TryOpen(renamed));
        Assert.Null(Cipher(1).TryOpen(altered));
        Assert.Null(Cipher(1).TryOpen(new XElement(sealedKey) { Value = "not base64!" }));
        Assert.Null(Cipher(1).TryOpen(Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64 at all, not at all, not at all!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 33 bytes: not one byte of the secret may go unused.
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // 35 bytes
    public void A_secret_that_is_not_32_bytes_of_base64_makes_no_cipher(string secret) => Assert.Null(KeyRingCipher.FromSecret(secret));
}
