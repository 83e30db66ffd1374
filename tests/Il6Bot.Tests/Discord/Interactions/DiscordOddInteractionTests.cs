using System.Text;
using Il6Bot.Discord.Http;
using Il6Bot.Tests.Hosting;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Transports.Webhooks;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>
/// Validly signed interactions of shapes Discord never sends, as raw HTTP through the real host: each is a 400
/// or an ordinary answer, never a 500, and none leaves a warning or an exception in the log.
/// </summary>
public sealed class DiscordOddInteractionTests : IAsyncLifetime
{
    private BothPlatformsHost _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bot = await BothPlatformsHost.StartAsync(LogLevel.Information, Ct);
        _bot.Logs.Clear();
    }

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Theory]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[null]}}""")]
    [InlineData("""{"type":4,"data":{"name":"il6","options":[{"name":null,"focused":true}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[{"name":null,"type":3,"value":"how"}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"nudge","options":[{"name":"schedule","type":1,"options":[null]}]}}""")]
    [InlineData("""{"type":4,"data":{"name":"nudge","options":[{"name":"schedule","type":1,"options":[{"name":null,"focused":true}]}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"nudge","options":[{"name":"x","type":2,"options":[{"name":"y","type":1,"options":[null]}]}]}}""")]
    [InlineData("""{"type":99999999999}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":{}}}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[{"name":"topic","focused":"yes"}]}}""")]
    public async Task A_shape_Discord_never_sends_is_400(string json)
    {
        var response = await PostAsync(json);

        Assert.True(response.Status == 400, $"{response.Status}: {response.Body}");
        AssertQuietLog();
    }

    [Theory]
    [InlineData("""{"type":2,"data":null}""")]
    [InlineData("""{"type":2,"data":{"name":null}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[]}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":null}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[{"type":3,"value":"how"}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[{"name":"topic","type":3,"value":{"a":[1,null]}}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"il6","options":[{"name":"topic","type":1,"options":null}]}}""")]
    [InlineData("""{"type":2,"member":null,"user":null,"guild_id":null,"channel_id":null,"data":{"name":"nudge","options":[{"name":"list","type":1}]}}""")]
    [InlineData("""{"type":2,"guild_id":"900","member":{"user":{"id":null},"permissions":null},"data":{"name":"nudge","options":[{"name":"list","type":1}]}}""")]
    [InlineData("""{"type":2,"guild_id":"900","member":{"user":null,"permissions":"-8"},"data":{"name":"nudge","options":[{"name":"list","type":1}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"nudge","options":[{"name":"schedule","type":1,"options":[{"name":"channel","type":7,"value":null},{"name":"day","type":3,"value":42}]}]}}""")]
    [InlineData("""{"type":2,"data":{"name":"unknown-command"}}""")]
    [InlineData("""{"type":4,"data":{"name":"il6","options":[{"name":"topic","focused":true,"value":null}]}}""")]
    [InlineData("""{"type":4,"data":null}""")]
    [InlineData("""{"type":4,"data":{"name":"il6","options":[{"name":"nothing-like-it","focused":true,"value":"x"}]}}""")]
    [InlineData("""{"type":4,"data":{"name":"nudge","options":[{"name":"schedule","type":1,"options":[{"name":"timezone","focused":true,"value":"\u0000\n"}]}]}}""")]
    [InlineData("""{"type":3,"data":{"custom_id":"x"}}""")]
    [InlineData("""{"type":-1}""")]
    [InlineData("""{}""")]
    public async Task An_odd_but_parseable_interaction_gets_an_ordinary_answer(string json)
    {
        var response = await PostAsync(json);

        Assert.True(response.Status == 200, $"{response.Status}: {response.Body}");
        Assert.StartsWith("{\"type\":", response.Body, StringComparison.Ordinal);
        AssertQuietLog();
    }

    [Fact]
    public async Task A_permissions_field_of_a_quarter_megabyte_of_digits_is_answered()
    {
        var digits = new string('9', RequestBody.MaxBytes - 200);
        var json = $$$"""{"type":2,"guild_id":"900","member":{"user":{"id":"42"},"permissions":"{{{digits}}}"},"data":{"name":"nudge","options":[{"name":"list","type":1}]}}""";

        var response = await PostAsync(json);

        Assert.True(response.Status == 200, $"{response.Status}: {response.Body}");
    }

    private async Task<RawHttpResponse> PostAsync(string json)
    {
        using var client = _bot.NewClient();
        var body = Encoding.UTF8.GetBytes(json);
        return await client.SendAsync(RawHttpClient.Post(DiscordInteractionsEndpoint.Path, body, _bot.DiscordHeaders(body)), Ct);
    }

    private void AssertQuietLog() =>
        Assert.DoesNotContain(_bot.Logs.Entries, e => e.Level >= LogLevel.Warning || e.Exception is not null);
}
