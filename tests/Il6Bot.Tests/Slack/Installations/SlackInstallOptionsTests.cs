using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Slack.Installations;

/// <summary>The install keys are checked at start-up: the message names the key and never echoes the client secret.</summary>
public sealed class SlackInstallOptionsTests
{
    private const string Secret = "sekrit-client-secret-123";

    [Theory]
    [InlineData(null, Secret, "https://bot.example.org", null, null, "Slack:ClientId is required when Slack:ClientSecret is set")]
    [InlineData("1111.2222", null, "https://bot.example.org", null, null, "Slack:ClientSecret is required with Slack:ClientId")]
    [InlineData("1111.2222", Secret, null, null, null, "Slack:PublicUrl must be the bot's public https:// base URL")]
    [InlineData("1111.2222", Secret, "http://bot.example.org", null, null, "Slack:PublicUrl must be the bot's public https:// base URL")]
    [InlineData("1111.2222", Secret, "https://bot.example.org/?x=1", null, null, "Slack:PublicUrl must be")]
    [InlineData("1111.2222", Secret, "https://bot.example.org", "slack.com", null, "Slack:OAuthBaseUrl must be an absolute http(s) URL")]
    [InlineData("1111.2222", Secret, "https://bot.example.org", null, "commands,,chat:write", "Slack:Scopes must be a comma-separated list")]
    [InlineData("1111.2222", Secret, "https://bot.example.org", null, "commands,chat write", "Slack:Scopes must be a comma-separated list")]
    public async Task Host_start_fails_naming_the_key(string? clientId, string? clientSecret, string? publicUrl, string? oauthBaseUrl, string? scopes, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:ClientId"] = clientId,
            ["Slack:ClientSecret"] = clientSecret,
            ["Slack:PublicUrl"] = publicUrl,
        };
        if (oauthBaseUrl is not null)
        {
            settings["Slack:OAuthBaseUrl"] = oauthBaseUrl;
        }

        if (scopes is not null)
        {
            settings["Slack:Scopes"] = scopes;
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }
}
