using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Il6Bot.Commands;
using Il6Bot.Slack.Installations;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Slack.Installations.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Workspaces;

/// <summary>
/// A bot serving several Slack workspaces (<c>Slack:ClientId</c> set) against the fake Slack: two installed
/// workspaces with their own tokens, signed commands, clicks and Events API requests from any workspace.
/// </summary>
public sealed class SlackWorkspaces : IAsyncDisposable
{
    public const string TeamA = "TA";
    public const string TeamB = "TB";
    public const string ChannelA = "CA";
    public const string ChannelB = "CB";
    public const string TokenA = "xoxb-team-a";
    public const string TokenB = "xoxb-team-b";
    public const string InstallerA = "UINSTA";
    public const string InstallerB = "UINSTB";
    public const string PublicUrl = "https://il6.example";

    private int _events;

    private SlackWorkspaces(SlackWorld world, CountingInstallationStore store)
    {
        World = world;
        Store = store;
    }

    public SlackWorld World { get; }

    public FakeSlackApi Fake => World.Fake;

    /// <summary>The installation store the hosts use (shared by every host of this world, as a database would be).</summary>
    public CountingInstallationStore Store { get; }

    public static async Task<SlackWorkspaces> StartAsync()
    {
        var world = await SlackWorld.StartAsync();
        world.Fake.Channels[ChannelA] = (true, false);
        world.Fake.Channels[ChannelB] = (true, false);
        var workspaces = new SlackWorkspaces(world, new CountingInstallationStore());
        await workspaces.InstallAsync(TeamA, TokenA, InstallerA);
        await workspaces.InstallAsync(TeamB, TokenB, InstallerB);
        return workspaces;
    }

    /// <summary>A host with a client id (several workspaces) and no <c>Slack:BotToken</c> unless given.</summary>
    public Task<BotHost> StartHostAsync(string? tempDir = null, string? botToken = null) =>
        World.StartHostAsync(
            tempDir,
            new Dictionary<string, string?>
            {
                ["Slack:ClientId"] = "1111.2222",
                ["Slack:ClientSecret"] = "test-client-secret",
                ["Slack:PublicUrl"] = PublicUrl,
                ["Slack:BotToken"] = botToken ?? string.Empty,
            },
            builder => builder.Services.AddSingleton<ISlackInstallationStore>(Store));

    /// <summary>"Add to Slack" as the OAuth callback leaves it: the workspace's installation saved.</summary>
    public Task InstallAsync(string team, string token, string installer) =>
        Store.SaveAsync(
            new SlackInstallation(new SlackTeam(null, team), "Team " + team, token, "UBOT" + team, "commands,chat:write,users:read", installer, World.Clock.GetUtcNow(), null, null),
            E2E.Ct);

    /// <summary>Sends <paramref name="command"/> from <paramref name="user"/> in <paramref name="team"/>'s <paramref name="channel"/>.</summary>
    public async Task<SlackAnswer> CommandAsync(BotHost host, string team, string channel, string user, string command, string text)
    {
        var body = "token=ignored&team_id=" + team + "&channel_id=" + channel + "&user_id=" + user + "&command=" + Uri.EscapeDataString(command)
            + "&text=" + Uri.EscapeDataString(text) + "&trigger_id=" + World.NextTriggerId();
        var (status, answer) = await SlackWorld.SendAsync(host, SlackClicks.Sign(body, World.Clock));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {answer}");
        return new SlackAnswer(JsonDocument.Parse(answer).RootElement.Clone());
    }

    public Task<SlackAnswer> NudgeAsync(BotHost host, string team, string user, string text) =>
        CommandAsync(host, team, team == TeamA ? ChannelA : ChannelB, user, "/nudge", text);

    /// <summary>An Events API <c>event_callback</c> as Slack sends it, with a new event id unless given.</summary>
    public string EventBody(string team, JsonObject innerEvent, string? eventId = null) => new JsonObject
    {
        ["token"] = "legacy",
        ["team_id"] = team,
        ["api_app_id"] = "A1",
        ["event"] = innerEvent,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? "Ev" + Interlocked.Increment(ref _events).ToString(CultureInfo.InvariantCulture),
        ["event_time"] = World.Clock.GetUtcNow().ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = team, ["user_id"] = "UBOT" + team, ["is_bot"] = true }),
    }.ToJsonString();

    public static JsonObject AppUninstalled() => new() { ["type"] = "app_uninstalled" };

    /// <summary>POSTs <paramref name="body"/> to <c>/slack/events</c>, signed now unless a signature is given.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> EventAsync(
        BotHost host, string body, int? retryNum = null, string? signature = null)
    {
        var signed = SlackClicks.Sign(body, World.Clock);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", signed.Timestamp);
        request.Headers.Add("X-Slack-Signature", signature ?? signed.Signature);
        if (retryNum is { } retry)
        {
            request.Headers.Add("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        using var response = await host.Client.SendAsync(request, E2E.Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(E2E.Ct), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Waits until the work started by acknowledged events and clicks has finished (it runs after the ack).</summary>
    public static Task SettleAsync(BotHost host) =>
        host.Services.GetRequiredKeyedService<DeadlineResponder>(Platform.Slack).DrainAsync(E2E.Ct);

    /// <summary>The Web API calls to <paramref name="method"/> that carried <paramref name="token"/>.</summary>
    public int CallsWith(string method, string token) =>
        Fake.Requests.Count(r => r.Path == "/api/" + method && r.Authorization == "Bearer " + token);

    public ValueTask DisposeAsync() => World.DisposeAsync();
}

/// <summary>The in-memory installation store, counting deletions (an event handled twice would delete twice).</summary>
public sealed class CountingInstallationStore : ISlackInstallationStore
{
    private readonly InMemorySlackInstallationStore _inner = new();
    private int _deletes;

    public int Deletes => _deletes;

    public Task<SlackInstallation?> FindAsync(SlackTeam team, CancellationToken cancellationToken) => _inner.FindAsync(team, cancellationToken);

    public Task<SlackInstallation?> FindByTeamIdAsync(string teamId, CancellationToken cancellationToken) => _inner.FindByTeamIdAsync(teamId, cancellationToken);

    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken) => _inner.SaveAsync(installation, cancellationToken);

    public Task<bool> DeleteAsync(SlackTeam team, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        return _inner.DeleteAsync(team, cancellationToken);
    }
}
