using System.Globalization;
using System.Text;
using Il6Bot.Discord.Http;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Discord.Http;

public sealed class DiscordSignatureVerifierTests
{
    /// <summary>RFC 8032 section 7.1, TEST 1-3: public key, message, signature.</summary>
    public static TheoryData<string, string, string> Rfc8032Vectors => new()
    {
        {
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Rfc8032_vector_verifies_and_a_flipped_bit_does_not(string publicKey, string message, string signature)
    {
        var verifier = new DiscordSignatureVerifier(publicKey);
        var body = Convert.FromHexString(message);

        Assert.True(verifier.VerifySignature(signature, string.Empty, body));

        var tampered = Convert.FromHexString(signature);
        tampered[0] ^= 1;
        Assert.False(verifier.VerifySignature(Convert.ToHexString(tampered), string.Empty, body));
        Assert.False(verifier.VerifySignature(signature, "1", body));
    }

    [Fact]
    public void Timestamp_and_body_are_signed_together()
    {
        // TEST 2's message is the single byte 'r': as timestamp "r" + empty body it is the same signed bytes.
        var verifier = new DiscordSignatureVerifier("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        const string signature = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

        Assert.True(verifier.VerifySignature(signature, "r", []));
        Assert.True(verifier.VerifySignature(signature, "", "r"u8));
        Assert.False(verifier.VerifySignature(signature, "r", "r"u8));
        Assert.False(verifier.VerifySignature(signature, null, "r"u8));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a10")]
    [InlineData("g5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    public void Malformed_signatures_are_rejected_without_throwing(string? signature)
    {
        var verifier = new DiscordSignatureVerifier("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        Assert.False(verifier.VerifySignature(signature, string.Empty, []));
    }

    [Fact]
    public void Without_a_public_key_nothing_verifies()
    {
        var verifier = new DiscordSignatureVerifier((string?)null);

        Assert.False(verifier.IsConfigured);
        Assert.False(verifier.VerifySignature("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", "", []));
    }

    /// <summary>
    /// An interaction token lives 15 minutes, so nothing Discord signs is further from now than that: anything
    /// else is a replay (or a wrong clock), refused before the signature is even checked.
    /// </summary>
    [Theory]
    [InlineData(0, true)]
    [InlineData(-15 * 60, true)]
    [InlineData(15 * 60, true)]
    [InlineData(-15 * 60 - 1, false)]
    [InlineData(15 * 60 + 1, false)]
    [InlineData(16 * 60, false)]
    [InlineData(-365 * 24 * 3600, false)]
    public void Timestamps_more_than_15_minutes_from_now_either_way_are_refused(int offsetSeconds, bool accepted)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        using var signer = new Tests.Discord.DiscordSigner(clock);
        var verifier = new DiscordSignatureVerifier(signer.PublicKeyHex, clock);
        var body = Encoding.UTF8.GetBytes("""{"id":"1","type":1}""");
        var timestamp = clock.GetUtcNow().AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var result = verifier.Check(signer.Sign(timestamp, body), timestamp, body);

        Assert.Equal(accepted ? DiscordSignatureResult.Valid : DiscordSignatureResult.StaleTimestamp, result);
        Assert.Equal(accepted, verifier.Verify(signer.Sign(timestamp, body), timestamp, body));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData(" 1772442000")]
    [InlineData("1772442000.5")]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775807")]
    public void A_timestamp_that_is_not_recent_unix_seconds_is_refused_even_when_signed(string timestamp)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1772442000));
        using var signer = new Tests.Discord.DiscordSigner(clock);
        var verifier = new DiscordSignatureVerifier(signer.PublicKeyHex, clock);
        var body = Encoding.UTF8.GetBytes("""{"id":"1","type":1}""");

        Assert.Equal(DiscordSignatureResult.StaleTimestamp, verifier.Check(signer.Sign(timestamp, body), timestamp, body));
        Assert.Equal(DiscordSignatureResult.Valid, verifier.Check(signer.Sign("1772442000", body), "1772442000", body));
    }

    [Fact]
    public void A_fresh_timestamp_with_a_wrong_signature_is_a_bad_signature()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1772442000));
        using var signer = new Tests.Discord.DiscordSigner(clock);
        var verifier = new DiscordSignatureVerifier(signer.PublicKeyHex, clock);
        var body = Encoding.UTF8.GetBytes("""{"id":"1","type":1}""");

        Assert.Equal(DiscordSignatureResult.BadSignature, verifier.Check(signer.Sign("1772442001", body), "1772442000", body));
    }
}
