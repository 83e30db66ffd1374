using System.Net;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Installations.Rotation;
using Il6Bot.Slack.Installations.Storage;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Slack.Installations.OAuth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Slack.Installations;

/// <summary>
/// A <see cref="SlackWorld"/> whose hosts have the install flow on: client id and secret of the fake's app, the fake's
/// authorize page, and a public URL that is the host's own address (a port picked up front, since the redirect URI
/// must be known before the host starts, and held until the host serves on it: <see cref="LoopbackListenSocket"/>), and
/// a <c>Slack:TokenEncryptionKey</c> (required on PostgreSQL, so every install test seals its key ring as production
/// does). Every host's log entries are captured at the shipped levels, and a host is handed over only once its token
/// refresher's loop sleeps.
/// </summary>
public sealed class InstallWorld : IAsyncDisposable
{
    /// <summary>32 fixed bytes in base64, as <c>openssl rand -base64 32</c> prints them.</summary>
    public static readonly string TokenEncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    private InstallWorld(SlackWorld slack) => Slack = slack;

    public SlackWorld Slack { get; }

    public CapturedLogs Logs { get; } = new();

    public static async Task<InstallWorld> StartAsync() => new(await SlackWorld.StartAsync());

    public async Task<BotHost> StartHostAsync(string? tempDir = null, IDictionary<string, string?>? settings = null)
    {
        // The redirect URI must be known before the host starts, so the port is picked first and held until the host
        // serves on it; a port picked, released and bound again later could be taken by anyone in between.
        using var listener = new LoopbackListenSocket();
        var url = listener.Url;
        var values = new Dictionary<string, string?>
        {
            ["urls"] = url,
            ["Slack:ClientId"] = Testing.Fakes.FakeSlackApi.OAuthClientId,
            ["Slack:ClientSecret"] = Testing.Fakes.FakeSlackApi.OAuthClientSecret,
            ["Slack:PublicUrl"] = url,
            ["Slack:OAuthBaseUrl"] = Slack.Fake.OAuthBaseUrl,
            ["Slack:TokenEncryptionKey"] = TokenEncryptionKey,

            // As shipped (appsettings.json): what an operator's log would hold.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        // The token refresher's loop runs its first pass on its own, at some point after the host's start returns; a
        // clock the test moves before that pass would have it refresh (or defer, or break) what the test's own
        // RunOnceAsync was meant to. Once it sleeps only its minute timer moves it, and JumpTo fires none.
        var refresher = new LoopSleeps(typeof(SlackTokenRefresher).FullName!);
        var host = await Slack.StartHostAsync(tempDir, values, builder =>
        {
            listener.HandTo(builder);
            builder.Logging.AddProvider(Logs);
            refresher.AddTo(builder.Logging);
        });
        if (host.Services.GetService<SlackTokenRefresher>() is not null)
        {
            await refresher.WaitForSleepAsync(1, E2E.Ct);
        }

        return host;
    }

    public static AdoSlackInstallationStore Store(BotHost host) => host.Services.GetRequiredService<AdoSlackInstallationStore>();

    public static ISlackInstallationStore Contract(BotHost host) => host.Services.GetRequiredService<ISlackInstallationStore>();

    public static SlackTokenRefresher Refresher(BotHost host) => host.Services.GetRequiredService<SlackTokenRefresher>();

    /// <summary>Runs the whole flow in a fresh browser: install page, Allow on Slack's page, callback.</summary>
    public static async Task<(HttpStatusCode Status, string Page)> InstallAsync(BotHost host)
    {
        using var browser = new InstallBrowser();
        var authorize = await browser.OpenInstallPageAsync(host);
        return await browser.GetAsync(await browser.AllowAsync(authorize));
    }

    /// <summary>Everything logged so far, one entry a line.</summary>
    public string LogText() => string.Join(Environment.NewLine, Logs.Entries.Select(e => e.ToString()));

    public ValueTask DisposeAsync() => Slack.DisposeAsync();
}
