using System.Text;
using Il6Bot.Slack;
using Il6Bot.Slack.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Slack.Http;

public class SlackSignatureTests
{
    // The worked example from Slack's "Verifying requests from Slack" documentation.
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string DocBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackSignatureVerifier Verifier(FakeTimeProvider time, string secret = DocSecret) =>
        new(new StaticOptions(new SlackOptions { SigningSecret = secret }), time);

    [Fact]
    public void Signing_the_documented_request_gives_the_documented_signature()
    {
        Assert.Equal(DocSignature, SlackSignatureVerifier.Sign(DocSecret, DocTimestamp, Encoding.UTF8.GetBytes(DocBody)));
    }

    [Fact]
    public void The_documented_request_verifies_at_its_own_time()
    {
        var verifier = Verifier(new FakeTimeProvider(DocTime.AddSeconds(30)));

        Assert.Equal(SlackSignatureResult.Valid, verifier.Verify(DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(100_000)]
    public void A_secret_of_any_length_signs_like_an_independent_HMAC(int length)
    {
        // Multi-byte characters too: the key is the secret's UTF-8 bytes.
        var secret = string.Concat(Enumerable.Repeat("é8", length))[..length];
        var body = Encoding.UTF8.GetBytes(DocBody);
        var expected = "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{DocTimestamp}:{DocBody}")));

        Assert.Equal(expected, SlackSignatureVerifier.Sign(secret, DocTimestamp, body));
        Assert.Equal(SlackSignatureResult.Valid, SlackSignatureVerifier.Verify(secret, DocTimestamp, expected, body, DocTime));
    }

    [Theory]
    [InlineData(-299, SlackSignatureResult.Valid)]
    [InlineData(299, SlackSignatureResult.Valid)]
    [InlineData(-300, SlackSignatureResult.Valid)]
    [InlineData(300, SlackSignatureResult.Valid)]
    [InlineData(301, SlackSignatureResult.StaleTimestamp)]
    [InlineData(-301, SlackSignatureResult.StaleTimestamp)]
    [InlineData(86_400, SlackSignatureResult.StaleTimestamp)]
    public void The_five_minute_window_is_measured_on_the_time_provider(int offsetSeconds, SlackSignatureResult expected)
    {
        var verifier = Verifier(new FakeTimeProvider(DocTime.AddSeconds(offsetSeconds)));

        Assert.Equal(expected, verifier.Verify(DocTimestamp, DocSignature, Encoding.UTF8.GetBytes(DocBody)));
    }

    [Theory]
    [InlineData(DocSecret, DocTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, DocSignature, DocBody + "&x=1", SlackSignatureResult.BadSignature)]
    [InlineData("another-secret", DocTimestamp, DocSignature, DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, "V0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, "v0=short", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, DocSignature + "0", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, DocSignature + DocSignature, DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, DocTimestamp, "v0=ä2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", DocBody, SlackSignatureResult.BadSignature)]
    [InlineData(DocSecret, null, DocSignature, DocBody, SlackSignatureResult.MissingHeaders)]
    [InlineData(DocSecret, DocTimestamp, null, DocBody, SlackSignatureResult.MissingHeaders)]
    [InlineData(DocSecret, "15314x0618", DocSignature, DocBody, SlackSignatureResult.BadTimestamp)]
    [InlineData(DocSecret, "-1531420618", DocSignature, DocBody, SlackSignatureResult.BadTimestamp)]
    [InlineData(DocSecret, "99999999999999999999", DocSignature, DocBody, SlackSignatureResult.BadTimestamp)]
    [InlineData("", DocTimestamp, DocSignature, DocBody, SlackSignatureResult.NotConfigured)]
    public void Anything_but_the_exact_signature_is_refused(string secret, string? timestamp, string? signature, string body, SlackSignatureResult expected)
    {
        Assert.Equal(expected, SlackSignatureVerifier.Verify(secret, timestamp, signature, Encoding.UTF8.GetBytes(body), DocTime));
    }

    private sealed class StaticOptions(SlackOptions value) : IOptionsMonitor<SlackOptions>
    {
        public SlackOptions CurrentValue => value;

        public SlackOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SlackOptions, string?> listener) => null;
    }
}
