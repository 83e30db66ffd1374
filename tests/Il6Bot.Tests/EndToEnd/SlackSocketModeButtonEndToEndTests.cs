using System.Text.Json.Nodes;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Slack buttons over Socket Mode through the real host: the click comes as an <c>interactive</c> envelope, is
/// acknowledged by its envelope id with no payload, and is answered at its <c>response_url</c>.
/// </summary>
public sealed class SlackSocketModeButtonEndToEndTests
{
    [Fact]
    public async Task A_related_topic_under_il6_benefits_clicked_over_socket_mode_answers_the_section_privately()
    {
        await using var fake = await FakeSlackSocketMode.StartAsync();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:Mode"] = "SocketMode",
                ["Slack:AppToken"] = "xapp-1-host",
                ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            cancellationToken: E2E.Ct);
        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync();

        await connection.SendSlashCommandAsync("env-1", "/il6", "benefits", "trig-1");
        var command = await connection.NextAckAsync();
        var topic = SlackClicks.Buttons(JsonNode.Parse(command.GetProperty("payload").GetRawText()))[0];
        await connection.SendInteractiveAsync("env-2", SlackClicks.Payload(topic.ActionId, fake.ResponseUrl("sm"), "trig-2", onEphemeral: false));
        var ack = await connection.NextAckAsync();
        var posted = await fake.WaitForResponseAsync(r => r.Path == "/response/sm", E2E.Ct).WaitAsync(E2E.Timeout, E2E.Ct);

        Assert.Equal("env-2", ack.GetProperty("envelope_id").GetString());
        Assert.False(ack.TryGetProperty("payload", out _));
        var answer = posted.Json;
        Assert.Equal("ephemeral", answer["response_type"]?.GetValue<string>());
        Assert.False(answer["replace_original"]?.GetValue<bool>());
        Assert.Equal(topic.Label, SlackClicks.Header(answer));
    }
}
