using System.Net;
using System.Text.Json;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Slack.Installations;

/// <summary>
/// "Add to Slack" end to end: two workspaces installed through the fake's authorize page and <c>oauth.v2.access</c>,
/// then a slash command and a scheduled nudge in each, every Web API call carrying the token issued to that workspace.
/// </summary>
public sealed class SlackInstalledWorkspacesEndToEndTests
{
    private const string Installer = "UINSTALLER";

    [Fact]
    public async Task Two_workspaces_installed_through_Add_to_Slack_each_use_the_token_issued_to_them()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        world.Slack.Fake.AddWorkspace("T0BETA", "Beta Lifters");
        world.Slack.Fake.Channels["CALPHA"] = (true, false);
        world.Slack.Fake.Channels["CBETA"] = (true, false);
        var host = await world.StartHostAsync();
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(host)).Status);
        world.Slack.Fake.AuthorizingTeam = "T0BETA";
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(host)).Status);
        var tokens = new Dictionary<string, string>
        {
            ["CALPHA"] = "Bearer " + world.Slack.Fake.LastTokenFor("T0ALPHA"),
            ["CBETA"] = "Bearer " + world.Slack.Fake.LastTokenFor("T0BETA"),
        };
        Assert.NotEqual(tokens["CALPHA"], tokens["CBETA"]);

        // The installer is a moderator of the workspace they installed it in.
        Assert.Contains("Scheduled", (await CommandAsync(world, host, "T0ALPHA", "CALPHA", "/nudge", "schedule <#CALPHA|a> mon 09:00 Europe/Berlin")).Text, StringComparison.Ordinal);
        Assert.Contains("Scheduled", (await CommandAsync(world, host, "T0BETA", "CBETA", "/nudge", "schedule <#CBETA|b> mon 09:00 Europe/Berlin")).Text, StringComparison.Ordinal);
        Assert.Contains("Benefits", (await CommandAsync(world, host, "T0BETA", "CBETA", "/il6", "benefits")).Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, (await world.Slack.TickAtAsync(host, DiscordWorld.FirstMonday)).Posted);

        var calls = world.Slack.Fake.Requests.Where(r => r.Path is "/api/chat.postMessage" or "/api/conversations.info").ToList();
        Assert.Equal(4, calls.Count);
        Assert.All(calls, call => Assert.Equal(
            tokens[call.Path == "/api/chat.postMessage" ? call.Json["channel"]!.GetValue<string>() : call.Form["channel"]],
            call.Authorization));
    }

    [Fact]
    public async Task An_Enterprise_Grid_workspaces_schedule_posts_with_its_token_after_a_restart()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0GRID", "Grid Lifters", enterpriseId: "E0GRID");
        world.Slack.Fake.Channels["CGRID"] = (true, false);
        var dataFolder = world.Slack.NewTempDir();
        var first = await world.StartHostAsync(dataFolder);
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(first)).Status);
        var scheduled = await CommandAsync(world, first, "T0GRID", "CGRID", "/nudge", "schedule <#CGRID|g> mon 09:00 Europe/Berlin", enterprise: "E0GRID");
        Assert.Contains("Scheduled", scheduled.Text, StringComparison.Ordinal);
        await world.Slack.StopAsync(first);

        // The schedule names its workspace by team id only, and the new host has seen no request from the org yet.
        var second = await world.StartHostAsync(dataFolder);
        var tick = await world.Slack.TickAtAsync(second, DiscordWorld.FirstMonday);

        Assert.Equal(1, tick.Posted);
        var post = Assert.Single(world.Slack.PostMessageCalls());
        Assert.Equal("Bearer " + world.Slack.Fake.LastTokenFor("T0GRID"), post.Authorization);
    }

    /// <summary>A signed slash command from the installer in <paramref name="team"/>'s <paramref name="channel"/>.</summary>
    internal static async Task<SlackAnswer> CommandAsync(InstallWorld world, BotHost host, string team, string channel, string command, string text, string? enterprise = null)
    {
        var body = "token=ignored&team_id=" + team + (enterprise is null ? string.Empty : "&enterprise_id=" + enterprise) + "&channel_id=" + channel + "&user_id=" + Installer + "&command=" + Uri.EscapeDataString(command)
            + "&text=" + Uri.EscapeDataString(text) + "&trigger_id=" + world.Slack.NextTriggerId();
        var (status, answer) = await SlackWorld.SendAsync(host, SlackClicks.Sign(body, world.Slack.Clock));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {answer}");
        return new SlackAnswer(JsonDocument.Parse(answer).RootElement.Clone());
    }
}
