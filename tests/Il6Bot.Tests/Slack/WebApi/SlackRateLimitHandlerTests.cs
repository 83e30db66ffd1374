using Il6Bot.Slack.WebApi;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Slack.Workspaces;
using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.WebApi;

/// <summary>
/// Slack rate-limits each Web API method per workspace: a 429 seen with one workspace's token holds back that
/// method for that workspace only, through the host's own Web API client.
/// </summary>
public sealed class SlackRateLimitHandlerTests : TwoWorkspacesHostTests
{
    [Fact]
    public async Task A_429_in_one_workspace_does_not_hold_back_the_same_method_in_another()
    {
        var api = Host.Services.GetRequiredService<SlackApiClient>();
        var clock = Workspaces.World.Clock;
        Workspaces.Fake.RateLimit("chat.postMessage", retryAfterSeconds: 30);

        var inA = api.PostMessageAsync(SlackWorkspaces.TokenA, new ChatPostMessageRequest(SlackWorkspaces.ChannelA, "a", [], null), E2E.Ct);
        await clock.TimerCreated(TimeSpan.FromSeconds(30), E2E.Ct);
        var inB = await api.PostMessageAsync(SlackWorkspaces.TokenB, new ChatPostMessageRequest(SlackWorkspaces.ChannelB, "b", [], null), E2E.Ct)
            .WaitAsync(E2E.Timeout, E2E.Ct);

        Assert.Equal(ApiOutcome.Succeeded, inB.Outcome);
        Assert.False(inA.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ApiOutcome.Succeeded, (await inA).Outcome);
        Assert.Equal([SlackWorkspaces.ChannelB, SlackWorkspaces.ChannelA], Workspaces.Fake.Posted.Select(p => p.Channel));
    }
}
