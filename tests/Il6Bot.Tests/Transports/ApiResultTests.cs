using System.Net;
using System.Net.Sockets;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;
using Il6Bot.Slack.WebApi;
using Il6Bot.Testing.Fakes;
using Il6Bot.Transports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Transports;

/// <summary>
/// The one error model of both REST clients: each answer of a fake Discord and a fake Slack on 127.0.0.1, read by
/// the real client over a plain HttpClient (no rate-limit handler or retries, so every kind of answer comes back
/// as it was sent), ends in the same <see cref="ApiResult"/> classification.
/// </summary>
public sealed class ApiResultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(200, ApiOutcome.Succeeded)]
    [InlineData(204, ApiOutcome.Succeeded)]
    [InlineData(400, ApiOutcome.Refused)]
    [InlineData(403, ApiOutcome.Refused)]
    [InlineData(404, ApiOutcome.Refused)]
    [InlineData(429, ApiOutcome.RateLimited)]
    [InlineData(500, ApiOutcome.Ambiguous)]
    [InlineData(503, ApiOutcome.Ambiguous)]
    public void An_HTTP_status_says_whether_the_platform_did_it(int status, ApiOutcome outcome) =>
        Assert.Equal(outcome, ApiResult.OutcomeOf(status));

    [Fact]
    public async Task Slack_answers_become_results_with_slacks_error_code()
    {
        await using var slack = await FakeSlackApi.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = PlatformHttpClient.ApiBaseAddress(slack.ApiBaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "xoxb-test");
        var api = new SlackApiClient(http);
        var message = new ChatPostMessageRequest("C1", "hi", [], null);

        var posted = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.Succeeded, 200, null), (posted.Outcome, posted.StatusCode, posted.ErrorCode));
        Assert.False(string.IsNullOrEmpty(posted.Value!.Ts));

        slack.RateLimit("chat.postMessage", retryAfterSeconds: 7);
        var limited = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.RateLimited, 429, "ratelimited"), (limited.Outcome, limited.StatusCode, limited.ErrorCode));
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);

        slack.FailStatus("chat.postMessage", 503, times: 1);
        var failed = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.Ambiguous, 503, null, "Slack answered HTTP 503"), (failed.Outcome, failed.StatusCode, failed.ErrorCode, failed.Problem));

        slack.FailStatus("chat.postMessage", 400, times: 1);
        var rejected = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.Refused, 400, null), (rejected.Outcome, rejected.StatusCode, rejected.ErrorCode));

        slack.FailWith("chat.postMessage", "internal_error");
        var partial = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.Ambiguous, 200, "internal_error"), (partial.Outcome, partial.StatusCode, partial.ErrorCode));

        slack.FailWith("chat.postMessage", "not_in_channel");
        var refused = await api.PostMessageAsync(token: null, message, Ct);
        Assert.Equal((ApiOutcome.Refused, 200, "not_in_channel", "Slack answered not_in_channel"), (refused.Outcome, refused.StatusCode, refused.ErrorCode, refused.Problem));
        Assert.False(refused.Value!.Ok);
    }

    [Fact]
    public async Task Discord_answers_become_results_with_discords_error_code()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        using var http = new HttpClient { BaseAddress = PlatformHttpClient.ApiBaseAddress(discord.ApiBaseUrl) };
        var rest = new DiscordRestClient(http, NullLogger<DiscordRestClient>.Instance);
        discord.Channels["100"] = ("900", 0);

        var channel = await rest.GetChannelAsync("100", Ct);
        Assert.Equal((ApiOutcome.Succeeded, 200, null), (channel.Outcome, channel.StatusCode, channel.ErrorCode));
        Assert.Equal("900", channel.Value!.GuildId);

        var unknown = await rest.GetChannelAsync("404", Ct);
        Assert.Equal((ApiOutcome.Refused, 404, "10003"), (unknown.Outcome, unknown.StatusCode, unknown.ErrorCode));
        Assert.Null(unknown.Value);

        discord.Script429("GET /channels/100", retryAfter: 3);
        var limited = await rest.GetChannelAsync("100", Ct);
        Assert.Equal((ApiOutcome.RateLimited, 429), (limited.Outcome, limited.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(3), limited.RetryAfter);

        discord.Script("GET /channels/100", 502);
        var failed = await rest.GetChannelAsync("100", Ct);
        Assert.Equal((ApiOutcome.Ambiguous, 502), (failed.Outcome, failed.StatusCode));

        // A 2xx is done whatever its body says: only the details are lost.
        discord.Script("POST /channels/100/messages", 200, "not json");
        var posted = await rest.CreateMessageAsync("100", new DiscordMessagePayload("hi", null, null, null), Ct);
        Assert.Equal((ApiOutcome.Succeeded, 200), (posted.Outcome, posted.StatusCode));
        Assert.Null(posted.Value);
    }

    [Fact]
    public async Task No_answer_at_all_is_ambiguous_with_status_0_on_both_platforms()
    {
        var closed = ClosedLoopbackAddress();
        using var http = new HttpClient { BaseAddress = closed };

        var slack = await new SlackApiClient(http).ConversationInfoAsync(token: null, "C1", Ct);
        var discord = await new DiscordRestClient(http, NullLogger<DiscordRestClient>.Instance).GetChannelAsync("100", Ct);

        Assert.Equal((ApiOutcome.Ambiguous, 0, null, "Slack could not be reached (HttpRequestException)"), (slack.Outcome, slack.StatusCode, slack.ErrorCode, slack.Problem));
        Assert.Equal((ApiOutcome.Ambiguous, 0, null, "Discord could not be reached"), (discord.Outcome, discord.StatusCode, discord.ErrorCode, discord.Problem));
    }

    private static Uri ClosedLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/api/");
    }
}
