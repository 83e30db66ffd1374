using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Hosting;

/// <summary>Bad configuration stops start-up with a message naming the key, never echoing a secret.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Discord:PublicKey", "not-hex-and-not-64", "Discord:PublicKey must be 64 hex characters")]
    [InlineData("Discord:Mode", "Gateway", "Discord:BotToken is required for Discord:Mode=Gateway")]
    [InlineData("Slack:Mode", "SocketMode", "Slack:AppToken must be an app-level token")]
    [InlineData("Slack:BotToken", "sekrit-value-123", "Slack:BotToken must be a bot token starting with xoxb-")]
    [InlineData("Nudges:DefaultTimeZone", "Mars/Olympus_Mons", "Nudges:DefaultTimeZone")]
    [InlineData("Nudges:DefaultTimeZone", "sekrit-value-123", "Nudges:DefaultTimeZone is not a known IANA time zone id")]
    [InlineData("Storage:ConnectionString", "postgresql://il6bot:sekrit-value-123@db.example/il6bot", "Storage:ConnectionString looks like a URL")]
    public async Task Host_start_fails_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Slack:BotToken")
        {
            settings["Slack:SigningSecret"] = "0123456789abcdef";
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sekrit-value-123", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_URL_as_the_storage_connection_string_is_refused_with_the_form_to_use_and_its_password_is_never_shown(string provider)
    {
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = "postgresql://il6bot:sekrit-value-123@db.example:5432/il6bot",
            ["Logging:LogLevel:Default"] = "Debug",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => BotHost.StartAsync(settings, builder => builder.Logging.AddProvider(logs), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Storage:ConnectionString looks like a URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key=Value form", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider=Postgres", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sekrit-value-123", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, entry => entry.Text.Contains("sekrit-value-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_credentials_at_all_is_valid_local_mode()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        var health = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }
}
