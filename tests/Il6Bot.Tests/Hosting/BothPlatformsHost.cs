using System.Globalization;
using Il6Bot.Discord.Rest;
using Il6Bot.Slack.Http;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Discord;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Hosting;

/// <summary>
/// The real bot with both HTTP endpoints configured against fake Slack and Discord APIs on 127.0.0.1, every log
/// entry captured, and the headers that sign a body the way each platform does (timestamped now).
/// </summary>
public sealed class BothPlatformsHost : IAsyncDisposable
{
    public const string SlackSecret = "hostile-test-signing-secret";
    public const string SlackChannel = "C123";
    public const string DiscordGuild = "900";
    public const string DiscordChannel = "100";

    private BothPlatformsHost(BotHost host, FakeSlackApi slack, FakeDiscordApi discord, DiscordSigner signer, CapturedLogs logs)
    {
        Host = host;
        SlackApi = slack;
        DiscordApi = discord;
        Signer = signer;
        Logs = logs;
    }

    public BotHost Host { get; }

    public FakeSlackApi SlackApi { get; }

    public FakeDiscordApi DiscordApi { get; }

    public DiscordSigner Signer { get; }

    public CapturedLogs Logs { get; }

    /// <param name="captureFrom">The lowest level kept in <see cref="Logs"/> (the console stays at Warning).</param>
    public static async Task<BothPlatformsHost> StartAsync(LogLevel captureFrom, CancellationToken cancellationToken)
    {
        var slack = await FakeSlackApi.StartAsync(cancellationToken: cancellationToken);
        slack.Channels[SlackChannel] = (true, false);
        var discord = await FakeDiscordApi.StartAsync();
        discord.Channels[DiscordChannel] = (DiscordGuild, 0);

        // @everyone may view, send and embed (19456), so a nudge to the channel passes the bot's permission check.
        discord.Guilds[DiscordGuild] = ("1", $$"""[{"id":"{{DiscordGuild}}","permissions":"19456"}]""");
        discord.Members[DiscordGuild + "/" + discord.BotUserId] = [];
        var signer = new DiscordSigner();
        var logs = new CapturedLogs();
        var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:SigningSecret"] = SlackSecret,
                ["Slack:BotToken"] = "xoxb-fake",
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
                ["Slack:Moderators:0"] = "UMOD1",
                ["Discord:PublicKey"] = signer.PublicKeyHex,
                ["Discord:BotToken"] = "hostile-test-bot-token",
                ["Discord:ApplicationId"] = "777",
                ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            },
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.AddFilter<CapturedLogs>(null, captureFrom);
            },
            cancellationToken: cancellationToken);

        // Start-up command registration talks to the fake; let it finish so no test races it.
        await host.Services.GetRequiredService<DiscordCommandRegistrar>().Completion.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new BothPlatformsHost(host, slack, discord, signer, logs);
    }

    public RawHttpClient NewClient() => new(Host.BaseAddress);

    public static (string Name, string Value)[] SlackHeaders(byte[] body)
    {
        var timestamp = Now();
        return
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", timestamp),
            ("X-Slack-Signature", SlackSignatureVerifier.Sign(SlackSecret, timestamp, body)),
        ];
    }

    public (string Name, string Value)[] DiscordHeaders(byte[] body)
    {
        var timestamp = Now();
        return
        [
            ("Content-Type", "application/json"),
            ("X-Signature-Timestamp", timestamp),
            ("X-Signature-Ed25519", Signer.Sign(timestamp, body)),
        ];
    }

    /// <summary>Signed headers for <paramref name="body"/> at <paramref name="path"/> (either endpoint).</summary>
    public (string Name, string Value)[] SignedHeaders(string path, byte[] body) =>
        path == SlackCommandEndpoint.Path ? SlackHeaders(body) : DiscordHeaders(body);

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await SlackApi.DisposeAsync();
        await DiscordApi.DisposeAsync();
        Signer.Dispose();
    }
}
