using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Observability;

/// <summary><c>/metrics</c> of the real host in <c>Discord:Mode=Gateway</c> against the fake Discord.</summary>
[Collection(MetricsCollection.Name)]
public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task A_gateway_interaction_is_labelled_websocket_and_the_gateway_reads_connected()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Discord:Mode"] = "Gateway",
                ["Discord:BotToken"] = "metrics-bot-token",
                ["Discord:ApplicationId"] = "42",
                ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            cancellationToken: TestContext.Current.CancellationToken);

        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync(41250);
        await connection.ReceiveAsync();
        await connection.SendReadyAsync(1, "s-1", fake.ResumeUrl);
        await connection.SendDispatchAsync(
            "INTERACTION_CREATE",
            2,
            """{"id":"100","application_id":"42","type":2,"token":"tok-100","guild_id":"1","channel_id":"2","member":{"user":{"id":"3","username":"u"},"permissions":"0"},"data":{"id":"9","name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"benefits"}]} }""");
        await fake.NextCallbackAsync();
        var scrape = await PrometheusScrape.ReadAsync(host);

        Assert.Equal(1, scrape.Value("il6bot_commands_total", "platform=discord", "transport=websocket", "command=il6", "outcome=answered"));
        Assert.Equal(1, scrape.Value("il6bot_transport_state", "transport=discord-gateway", "state=connected"));
        Assert.Equal(0, scrape.Value("il6bot_transport_state", "transport=discord-gateway", "state=connecting"));
        Assert.DoesNotContain("tok-100", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-bot-token", scrape.Text, StringComparison.Ordinal);
    }
}
