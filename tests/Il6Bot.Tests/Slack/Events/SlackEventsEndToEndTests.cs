using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Slack.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Events;

/// <summary>
/// <c>POST /slack/events</c> through the real host: signature and window, url_verification, and an uninstall that
/// deletes the workspace's token and pauses its schedules (the other workspace keeps posting), handled once however
/// often Slack sends it, until a re-install lets a moderator resume with the new token.
/// </summary>
public sealed class SlackEventsEndToEndTests : TwoWorkspacesHostTests
{
    [Fact]
    public async Task Url_verification_is_answered_with_its_challenge()
    {
        var (status, body, contentType) = await Workspaces.EventAsync(Host, """{"token":"legacy","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JsonDocument.Parse(body).RootElement.GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task A_bad_or_stale_signature_is_refused_with_401_and_nothing_happens()
    {
        var body = Workspaces.EventBody(SlackWorkspaces.TeamA, SlackWorkspaces.AppUninstalled());

        var (forged, _, _) = await Workspaces.EventAsync(Host, body, signature: "v0=" + new string('0', 64));
        var stale = SlackClicks.Sign(body, Workspaces.World.Clock);
        Workspaces.World.Clock.Advance(TimeSpan.FromMinutes(6));
        var (late, _, _) = await Workspaces.EventAsync(Host, body, signature: stale.Signature);
        await SlackWorkspaces.SettleAsync(Host);

        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(HttpStatusCode.Unauthorized, late);
        Assert.Equal(0, Workspaces.Store.Deletes);
        Assert.NotNull(await Workspaces.Store.FindAsync(new SlackTeam(null, SlackWorkspaces.TeamA), E2E.Ct));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"no":"type"}""")]
    [InlineData("""{"type":"event_callback","team_id":"TA","event":{"type":"app_uninstalled"}}""")]
    public async Task A_malformed_body_with_a_good_signature_gets_400(string body)
    {
        var (status, _, _) = await Workspaces.EventAsync(Host, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task An_oversized_body_gets_413()
    {
        var body = "{\"type\":\"event_callback\",\"padding\":\"" + new string('x', 300 * 1024) + "\"}";

        var (status, _, _) = await Workspaces.EventAsync(Host, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task App_uninstalled_deletes_the_token_and_pauses_that_workspaces_schedules_until_a_reinstall_and_resume()
    {
        var idA = E2E.ScheduledId((await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "schedule <#CA|a> mon 09:00 Europe/Berlin")).Text);
        await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerB, "schedule <#CB|b> mon 09:00 Europe/Berlin");

        var (status, body, _) = await Workspaces.EventAsync(Host, Workspaces.EventBody(SlackWorkspaces.TeamA, SlackWorkspaces.AppUninstalled()));
        await SlackWorkspaces.SettleAsync(Host);

        Assert.Equal((HttpStatusCode.OK, string.Empty), (status, body));
        Assert.Null(await Workspaces.Store.FindAsync(new SlackTeam(null, SlackWorkspaces.TeamA), E2E.Ct));
        var paused = await Host.Services.GetRequiredService<INudgeStore>().GetAsync(Platform.Slack, SlackWorkspaces.TeamA, idA, E2E.Ct);
        Assert.True(paused!.Paused);
        Assert.Contains("removed from this workspace", paused.LastResult, StringComparison.Ordinal);

        // Workspace A gets nothing (and is told to install again); B posts with its own token.
        Assert.Equal(1, (await Workspaces.World.TickAtAsync(Host, FirstMonday)).Posted);
        var post = Assert.Single(Workspaces.World.PostMessageCalls());
        Assert.Equal(("Bearer " + SlackWorkspaces.TokenB, SlackWorkspaces.ChannelB), (post.Authorization, post.Json["channel"]!.GetValue<string>()));
        var refused = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "list");
        Assert.Contains("Il6Bot is not installed here", refused.Text, StringComparison.Ordinal);

        // Re-installed with a new token (seen once the "not installed" answer is no longer remembered).
        await Workspaces.InstallAsync(SlackWorkspaces.TeamA, "xoxb-team-a-2", SlackWorkspaces.InstallerA);
        Workspaces.World.Clock.Advance(SlackTokenSource.NotInstalledFor);
        var list = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "list");
        Assert.Contains("Paused", list.Text, StringComparison.Ordinal);
        Assert.Contains("removed from this workspace", list.Text, StringComparison.Ordinal);
        var resumed = await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "resume " + idA);
        Assert.Contains("Resumed", resumed.Text, StringComparison.Ordinal);

        Assert.Equal(2, (await Workspaces.World.TickAtAsync(Host, FirstMonday.AddDays(7))).Posted);
        Assert.Equal(1, Workspaces.CallsWith("chat.postMessage", "xoxb-team-a-2"));
        Assert.Equal(0, Workspaces.CallsWith("chat.postMessage", SlackWorkspaces.TokenA));
    }

    [Fact]
    public async Task A_retry_and_a_duplicate_event_id_are_acknowledged_and_handled_once()
    {
        var body = Workspaces.EventBody(SlackWorkspaces.TeamA, SlackWorkspaces.AppUninstalled(), eventId: "EvOnce");

        var first = await Workspaces.EventAsync(Host, body);
        var retry = await Workspaces.EventAsync(Host, body, retryNum: 1);
        var copy = await Workspaces.EventAsync(Host, body);
        await SlackWorkspaces.SettleAsync(Host);

        Assert.All([first, retry, copy], answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.Equal(1, Workspaces.Store.Deletes);
    }

    [Fact]
    public async Task An_event_reaching_a_second_instance_on_the_same_database_is_handled_once()
    {
        var tempDir = Workspaces.World.NewTempDir();
        var first = await Workspaces.StartHostAsync(tempDir);
        var second = await Workspaces.StartHostAsync(tempDir);
        var body = Workspaces.EventBody(SlackWorkspaces.TeamB, SlackWorkspaces.AppUninstalled(), eventId: "EvShared");

        await Workspaces.EventAsync(first, body);
        await SlackWorkspaces.SettleAsync(first);
        await Workspaces.EventAsync(second, body, retryNum: 1);
        await SlackWorkspaces.SettleAsync(second);

        Assert.Equal(1, Workspaces.Store.Deletes);
    }

    [Fact]
    public async Task Tokens_revoked_removes_the_installation_only_when_a_bot_token_was_revoked()
    {
        var usersOnly = new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["oauth"] = new JsonArray("UX"), ["bot"] = new JsonArray() } };
        var bot = new JsonObject { ["type"] = "tokens_revoked", ["tokens"] = new JsonObject { ["bot"] = new JsonArray("UBOTTB") } };
        var id = E2E.ScheduledId((await Workspaces.NudgeAsync(Host, SlackWorkspaces.TeamB, SlackWorkspaces.InstallerB, "schedule <#CB|b> mon 09:00 Europe/Berlin")).Text);

        await Workspaces.EventAsync(Host, Workspaces.EventBody(SlackWorkspaces.TeamB, usersOnly));
        await SlackWorkspaces.SettleAsync(Host);
        Assert.NotNull(await Workspaces.Store.FindAsync(new SlackTeam(null, SlackWorkspaces.TeamB), E2E.Ct));

        await Workspaces.EventAsync(Host, Workspaces.EventBody(SlackWorkspaces.TeamB, bot));
        await SlackWorkspaces.SettleAsync(Host);
        Assert.Null(await Workspaces.Store.FindAsync(new SlackTeam(null, SlackWorkspaces.TeamB), E2E.Ct));
        var schedule = await Host.Services.GetRequiredService<INudgeStore>().GetAsync(Platform.Slack, SlackWorkspaces.TeamB, id, E2E.Ct);
        Assert.True(schedule!.Paused);
        Assert.Contains("revoked", schedule.LastResult, StringComparison.Ordinal);
    }
}
