using System.Text.Json;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>Button clicks delivered over the Gateway (INTERACTION_CREATE type 3), the real host in <c>Discord:Mode=Gateway</c>.</summary>
public sealed class DiscordGatewayButtonTests
{
    private static Dictionary<string, string?> Settings(FakeDiscordGateway fake) => new()
    {
        ["Discord:Mode"] = "Gateway",
        ["Discord:BotToken"] = "host-bot-token",
        ["Discord:ApplicationId"] = "42",
        ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
    };

    private static string Command(string id) =>
        $$"""{"id":"{{id}}","application_id":"42","type":2,"token":"tok-{{id}}","guild_id":"1","channel_id":"2","member":{"user":{"id":"3","username":"u"},"permissions":"0"},"data":{"id":"9","name":"il6","type":1,"options":[{"name":"topic","type":3,"value":"benefits"}]} }""";

    private static string Click(string id, string customId) =>
        $$"""{"id":"{{id}}","application_id":"42","type":3,"token":"tok-{{id}}","guild_id":"1","channel_id":"2","member":{"user":{"id":"3","username":"u"},"permissions":"0"},"message":{"id":"80","flags":0},"data":{"custom_id":"{{customId}}","component_type":2} }""";

    [Fact]
    public async Task Il6_benefits_then_a_related_topic_click_answers_privately_and_a_repeated_click_once()
    {
        await using var fake = await FakeDiscordGateway.StartAsync();
        var host = await BotHost.StartAsync(Settings(fake), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            var connection = await fake.NextConnectionAsync();
            await connection.SendHelloAsync(41250);
            Assert.Equal(2, (await connection.ReceiveAsync()).GetProperty("op").GetInt32());
            await connection.SendReadyAsync(1, "s-1", fake.ResumeUrl);

            await connection.SendDispatchAsync("INTERACTION_CREATE", 2, Command("200"));
            var benefits = await fake.NextCallbackAsync();
            var topic = DiscordButtonClickTests.ButtonIds(benefits.Body).First(id => id.StartsWith("il6:1:t:", StringComparison.Ordinal));

            await connection.SendDispatchAsync("INTERACTION_CREATE", 3, Click("201", topic));
            var clicked = await fake.NextCallbackAsync();
            Assert.Equal(("201", "tok-201"), (clicked.InteractionId, clicked.Token));
            Assert.Equal(4, clicked.Body.GetProperty("type").GetInt32());
            Assert.Equal(64, clicked.Body.GetProperty("data").GetProperty("flags").GetInt32());
            Assert.Contains(DiscordButtonClickTests.ButtonIds(clicked.Body), id => id.StartsWith("il6:1:s:", StringComparison.Ordinal));
            Assert.NotEqual(
                benefits.Body.GetProperty("data").GetProperty("embeds")[0].GetProperty("title").GetString(),
                clicked.Body.GetProperty("data").GetProperty("embeds")[0].GetProperty("title").GetString());

            // The same click again (as a resume replays it), then a new one: only the new one is answered.
            await connection.SendDispatchAsync("INTERACTION_CREATE", 4, Click("201", topic));
            await connection.SendDispatchAsync("INTERACTION_CREATE", 5, Click("202", "il6:1:s:how"));
            var next = await fake.NextCallbackAsync();
            Assert.Equal("202", next.InteractionId);
            Assert.False(next.Body.GetProperty("data").TryGetProperty("flags", out _));
        }
        finally
        {
            // Stopping waits for in-flight interactions, so a late duplicate would show up below.
            await host.DisposeAsync();
        }

        Assert.Empty(fake.CallbacksSoFar());
    }
}
