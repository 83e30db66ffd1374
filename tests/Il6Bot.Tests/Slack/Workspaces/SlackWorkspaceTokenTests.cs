using System.Text.Json.Nodes;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Workspaces;

/// <summary>
/// One bot serving two installed workspaces through the real host: every Web API call carries the token of the
/// workspace it acts in (asserted on the fake Slack's Authorization headers), a workspace without an installation is
/// told where to install, and moderators are decided per workspace.
/// </summary>
public sealed class SlackWorkspaceTokenTests : TwoWorkspacesHostTests
{
    [Fact]
    public async Task A_command_and_a_nudge_in_each_workspace_use_that_workspaces_token()
    {
        var scheduledA = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "schedule <#CA|a> mon 09:00 Europe/Berlin");
        var scheduledB = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerB, "schedule <#CB|b> mon 09:00 Europe/Berlin");

        Assert.Contains("Scheduled", scheduledA.Text, StringComparison.Ordinal);
        Assert.Contains("Scheduled", scheduledB.Text, StringComparison.Ordinal);
        var checks = Workspaces.Fake.Requests.Where(r => r.Path == "/api/conversations.info").ToList();
        Assert.Equal(2, checks.Count);
        Assert.Equal(("Bearer " + SlackWorkspaces.TokenA, SlackWorkspaces.ChannelA), (checks[0].Authorization, checks[0].Form["channel"]));
        Assert.Equal(("Bearer " + SlackWorkspaces.TokenB, SlackWorkspaces.ChannelB), (checks[1].Authorization, checks[1].Form["channel"]));

        Assert.Equal(2, (await Workspaces.World.TickAtAsync(Host, FirstMonday)).Posted);

        var posts = Workspaces.World.PostMessageCalls().ToDictionary(p => p.Json["channel"]!.GetValue<string>(), p => p.Authorization);
        Assert.Equal("Bearer " + SlackWorkspaces.TokenA, posts[SlackWorkspaces.ChannelA]);
        Assert.Equal("Bearer " + SlackWorkspaces.TokenB, posts[SlackWorkspaces.ChannelB]);
        Assert.DoesNotContain(Workspaces.Fake.Requests, r => r.Path.StartsWith("/api/", StringComparison.Ordinal) && !r.Authorization.StartsWith("Bearer xoxb-team-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_schedules_direct_message_goes_out_with_its_workspaces_token()
    {
        await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerB, "schedule <#CB|b> mon 09:00 Europe/Berlin");
        Workspaces.Fake.ChannelErrors[SlackWorkspaces.ChannelB] = "not_in_channel";

        await Workspaces.World.TickAtAsync(Host, FirstMonday);

        var dm = Assert.Single(Workspaces.World.PostMessageCalls(), p => p.Json["channel"]!.GetValue<string>() == SlackWorkspaces.InstallerB);
        Assert.Equal("Bearer " + SlackWorkspaces.TokenB, dm.Authorization);
    }

    [Fact]
    public async Task Nudge_send_posts_with_the_workspaces_token()
    {
        var answer = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerB, "send <#CB|b>");

        Assert.Contains("Posted", answer.Text, StringComparison.Ordinal);
        var post = Assert.Single(Workspaces.World.PostMessageCalls());
        Assert.Equal("Bearer " + SlackWorkspaces.TokenB, post.Authorization);
    }

    [Fact]
    public async Task A_workspace_without_an_installation_gets_the_install_link_and_nothing_is_stored()
    {
        var il6 = await Workspaces.CommandAsync(Host, "TNOPE", "CX", "UX", "/il6", "benefits");
        var schedule = await Workspaces.CommandAsync(Host, "TNOPE", "CX", "UX", "/nudge", "schedule <#CX|x> mon 09:00 Europe/Berlin");

        foreach (var answer in new[] { il6, schedule })
        {
            Assert.True(answer.Ephemeral);
            Assert.Equal("Il6Bot is not installed here: https://il6.example/slack/install", answer.Json.GetProperty("text").GetString());
        }

        var store = Host.Services.GetRequiredService<INudgeStore>();
        Assert.Empty(await store.ListAsync(Platform.Slack, "TNOPE", E2E.Ct));
        Assert.DoesNotContain(Workspaces.Fake.Requests, r => r.Path.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_click_from_a_workspace_without_an_installation_is_answered_with_the_install_link()
    {
        var payload = SlackClicks.Payload("il6:1:t:how", Workspaces.Fake.ResponseUrl("click1"), "t-click-1", onEphemeral: true);
        payload["team"]!["id"] = "TNOPE";
        var (status, _) = await SlackClicks.SendAsync(Host, SlackClicks.Sign(SlackClicks.Form(payload), Workspaces.World.Clock));
        await SlackWorkspaces.SettleAsync(Host);

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var answer = Assert.Single(Workspaces.Fake.Requests, r => r.Path == "/response/click1");
        Assert.Contains("Il6Bot is not installed here: https://il6.example/slack/install", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Il6_in_an_installed_workspace_answers_from_content_without_any_Web_API_call()
    {
        var answer = await Workspaces.CommandAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.ChannelA, "UMEMBER", "/il6", "benefits");

        Assert.DoesNotContain("not installed", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Benefits", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Workspaces.Fake.Requests, r => r.Path.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Workspace_owners_and_admins_are_moderators_there_asked_once_with_that_workspaces_token()
    {
        Workspaces.Fake.Users["UADMIN"] = (false, true);
        Workspaces.Fake.Users["UOWNER"] = (true, false);
        Workspaces.Fake.Users["UPLAIN"] = (false, false);

        var admin = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, "UADMIN", "list");
        var adminAgain = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, "UADMIN", "list");
        var owner = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, "UOWNER", "list");
        var plain = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, "UPLAIN", "schedule <#CA|a> mon 09:00 Europe/Berlin");

        Assert.DoesNotContain("Only moderators", admin.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Only moderators", adminAgain.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Only moderators", owner.Text, StringComparison.Ordinal);
        Assert.Contains("Only moderators", plain.Text, StringComparison.Ordinal);
        var lookups = Workspaces.Fake.Requests.Where(r => r.Path == "/api/users.info").Select(r => (r.Form["user"], r.Authorization)).ToList();
        Assert.Equal(
            [("UADMIN", "Bearer " + SlackWorkspaces.TokenA), ("UOWNER", "Bearer " + SlackWorkspaces.TokenB), ("UPLAIN", "Bearer " + SlackWorkspaces.TokenA)],
            lookups);
    }

    [Fact]
    public async Task The_installer_and_Slack_Moderators_are_moderators_without_asking_Slack()
    {
        var installer = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "list");
        var listed = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorld.Moderator, "list");
        var otherInstaller = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerA, "schedule <#CB|b> mon 09:00 Europe/Berlin");

        Assert.DoesNotContain("Only moderators", installer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Only moderators", listed.Text, StringComparison.Ordinal);
        Assert.Contains("Only moderators", otherInstaller.Text, StringComparison.Ordinal);
        Assert.Equal(["UINSTA"], Workspaces.Fake.Requests.Where(r => r.Path == "/api/users.info").Select(r => r.Form["user"]));
    }

    [Fact]
    public async Task A_schedules_not_installed_answer_does_not_hide_an_Enterprise_Grid_installation_from_its_own_requests()
    {
        var tokens = Host.Services.GetRequiredService<ISlackTokenSource>();
        var grid = new SlackTeam("E0GRID", "TGRID");
        Assert.False((await tokens.FindAsync(grid.TeamId, E2E.Ct)).IsInstalled);

        // Installed through another instance: this one is not told, and its schedule's answer is still fresh.
        await Workspaces.Store.SaveAsync(
            new SlackInstallation(grid, "Grid", SlackWorkspaces.TokenA, "UBOTG", "commands,chat:write", SlackWorkspaces.InstallerA, Workspaces.World.Clock.GetUtcNow(), null, null),
            E2E.Ct);

        var access = await tokens.FindAsync(grid, E2E.Ct);

        Assert.True(access.IsInstalled);
        Assert.Equal(SlackWorkspaces.TokenA, access.Token);
    }
}
