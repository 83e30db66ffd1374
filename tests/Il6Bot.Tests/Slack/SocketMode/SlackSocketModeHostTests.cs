using Il6Bot.Slack.SocketMode;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Transports;
using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.SocketMode;

/// <summary>The real host in <c>Slack:Mode=SocketMode</c> against the fake Slack.</summary>
public sealed class SlackSocketModeHostTests
{
    [Fact]
    public async Task Slash_command_over_socket_mode_is_answered_by_the_shared_handler_in_the_ack()
    {
        await using var fake = await FakeSlackSocketMode.StartAsync();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:Mode"] = "SocketMode",
                ["Slack:AppToken"] = "xapp-1-host",
                ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            cancellationToken: TestContext.Current.CancellationToken);

        // Recorded from before hello: the receive loop may ack the command before the opener reports the
        // connection up, so health is read only once the status has said Connected.
        var states = EventRecorder<TransportSnapshot>.For(host.Services.GetRequiredService<SlackSocketModeStatus>());
        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.SendSlashCommandAsync("env-1", "/il6", "benefits", "trig-1");
        var ack = await connection.NextAckAsync();

        Assert.Equal("env-1", ack.GetProperty("envelope_id").GetString());
        var payload = ack.GetProperty("payload");
        Assert.Equal("in_channel", payload.GetProperty("response_type").GetString());
        Assert.True(payload.GetProperty("blocks").GetArrayLength() > 0);
        Assert.Equal(["Bearer xapp-1-host"], fake.OpenAuthorizations);
        await states.WaitForAsync(s => s.State == TransportState.Connected);
        var health = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("slack-socket: Healthy", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_mode_registers_no_socket()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(host.Services.GetService<SlackSocketModeStatus>());
    }
}
