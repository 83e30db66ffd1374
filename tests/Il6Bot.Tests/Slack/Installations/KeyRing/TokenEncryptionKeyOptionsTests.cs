using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Slack.Installations.KeyRing;

/// <summary>
/// <c>Slack:TokenEncryptionKey</c> is checked at start-up: required with a client id on PostgreSQL, well-formed
/// whenever set; the message names the key, says how to make one, and never echoes the value.
/// </summary>
public sealed class TokenEncryptionKeyOptionsTests
{
    private const string Required = "Slack:TokenEncryptionKey is required with Slack:ClientId on PostgreSQL";
    private const string Malformed = "Slack:TokenEncryptionKey must be 32 random bytes in base64";

    [Theory]
    [InlineData("Postgres", null, Required)]
    [InlineData("Postgres", "   ", Required)]
    [InlineData("Postgres", "c2hvcnQta2V5LXNlY3JldA==", Malformed)]
    [InlineData("Postgres", "this-is-not-base64-but-it-is-44-chars-long!!", Malformed)]
    [InlineData("Postgres", "c2l4dHktZm91ci1ieXRlcy1vZi1zZWNyZXQtYXJlLXRvby1tYW55LWZvci1hZXMtMjU2LWtleXMtYWFh", Malformed)]
    [InlineData("Sqlite", "c2hvcnQta2V5LXNlY3JldA==", Malformed)]
    public async Task Host_start_fails_naming_the_key_and_how_to_make_one(string provider, string? key, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:ClientId"] = "1111.2222",
            ["Slack:ClientSecret"] = "test-client-secret",
            ["Slack:PublicUrl"] = "https://bot.example.org",
            ["Slack:TokenEncryptionKey"] = key,
            ["Storage:Provider"] = provider,
        };
        if (provider == "Postgres")
        {
            // Never reached: options are validated before the store is opened.
            settings["Storage:ConnectionString"] = "Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none";
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", error.Message, StringComparison.Ordinal);
        if (!string.IsNullOrWhiteSpace(key))
        {
            Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_malformed_key_fails_start_up_without_a_client_id_too()
    {
        // Set, the key seals the key ring of a single-workspace bot as well (README "Tokens at rest"); one that is not
        // 32 bytes would leave the ring in the clear while the operator believes it sealed.
        var key = "c2hvcnQta2V5LXNlY3JldA==";
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackWorld.Secret,
            ["Slack:BotToken"] = SlackWorld.BotToken,
            ["Slack:TokenEncryptionKey"] = key,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(Malformed, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }
}
