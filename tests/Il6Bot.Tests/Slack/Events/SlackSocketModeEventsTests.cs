using System.Text.Json.Nodes;
using Il6Bot.Slack.Installations;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Slack.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Events;

/// <summary>Events over Socket Mode (<c>events_api</c> envelopes) in the real host: acknowledged, then handled once.</summary>
public sealed class SlackSocketModeEventsTests
{
    [Fact]
    public async Task An_app_uninstalled_envelope_is_acknowledged_and_removes_the_installation_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fake = await FakeSlackSocketMode.StartAsync();
        var store = new CountingInstallationStore();
        var team = new SlackTeam(null, "TSOCK");
        await store.SaveAsync(new SlackInstallation(team, "Socket", "xoxb-sock", "UBOT", "commands", "UINST", DateTimeOffset.UnixEpoch, null, null), ct);
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:Mode"] = "SocketMode",
                ["Slack:AppToken"] = "xapp-1-host",
                ["Slack:ClientId"] = "1111.2222",
                ["Slack:ClientSecret"] = "test-client-secret",
                ["Slack:PublicUrl"] = "https://il6bot.example",
                ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            builder => builder.Services.AddSingleton<ISlackInstallationStore>(store),
            cancellationToken: ct);
        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        var payload = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "TSOCK",
            ["event_id"] = "EvSock1",
            ["event"] = new JsonObject { ["type"] = "app_uninstalled" },
        };

        await connection.SendEventAsync("env-1", payload);
        var ack = await connection.NextAckAsync();
        await connection.SendEventAsync("env-2", payload, retryAttempt: 1);
        var retryAck = await connection.NextAckAsync();
        await SlackWorkspaces.SettleAsync(host);

        Assert.Equal("env-1", ack.GetProperty("envelope_id").GetString());
        Assert.Equal("env-2", retryAck.GetProperty("envelope_id").GetString());
        Assert.Null(await store.FindAsync(team, ct));
        Assert.Equal(1, store.Deletes);
    }
}
