using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Slack.Workspaces;

/// <summary>
/// <c>Slack:BotToken</c> beside a client id: it serves its own workspace (learned with <c>auth.test</c> at start-up)
/// when that workspace has no installation, and no other workspace.
/// </summary>
public sealed class SlackBotTokenFallbackTests : IAsyncLifetime
{
    private SlackWorkspaces _slack = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _slack = await SlackWorkspaces.StartAsync();
        _slack.Fake.TokenTeams[SlackWorld.BotToken] = SlackWorld.Team;
        _host = await _slack.StartHostAsync(botToken: SlackWorld.BotToken);
    }

    public async ValueTask DisposeAsync() => await _slack.DisposeAsync();

    [Fact]
    public async Task The_bot_tokens_own_workspace_is_served_with_it_and_another_uninstalled_one_is_not()
    {
        var own = await _slack.CommandAsync(_host, SlackWorld.Team, SlackWorld.Channel, SlackWorld.Moderator, "/nudge", "send <#C123|general>");
        var other = await _slack.CommandAsync(_host, "TOTHER", "CX", SlackWorld.Moderator, "/nudge", "send <#CX|x>");
        var installed = await _slack.NudgeAsync(_host, SlackWorkspaces.TeamA, SlackWorkspaces.InstallerA, "send <#CA|a>");

        Assert.Contains("Posted", own.Text, StringComparison.Ordinal);
        Assert.Contains("not installed here", other.Text, StringComparison.Ordinal);
        Assert.Contains("Posted", installed.Text, StringComparison.Ordinal);
        var posts = _slack.World.PostMessageCalls().ToDictionary(p => p.Json["channel"]!.GetValue<string>(), p => p.Authorization);
        Assert.Equal(2, posts.Count);
        Assert.Equal("Bearer " + SlackWorld.BotToken, posts[SlackWorld.Channel]);
        Assert.Equal("Bearer " + SlackWorkspaces.TokenA, posts[SlackWorkspaces.ChannelA]);
        Assert.Equal(1, _slack.CallsWith("auth.test", SlackWorld.BotToken));
    }

    [Fact]
    public async Task A_host_stopping_while_auth_test_is_unanswered_hangs_up_on_it()
    {
        await using var slack = await SlackWorkspaces.StartAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hungUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.Fake.Hold = async (request, aborted) =>
        {
            if (request.Path == "/api/auth.test")
            {
                asked.TrySetResult();
                using var _ = aborted.Register(() => hungUp.TrySetResult());
                await Task.Delay(Timeout.Infinite, aborted);
            }
        };
        var host = await slack.StartHostAsync(botToken: SlackWorld.BotToken);
        await asked.Task.WaitAsync(E2E.Ct);

        await slack.World.StopAsync(host).WaitAsync(TimeSpan.FromMinutes(1), E2E.Ct);

        // Only shutdown cancelling the lookup ends the request: the HTTP pipeline, whose disposal would, waits on the
        // host's (fake, stopped) clock for requests still running, and BotHost gives up on that wait.
        await hungUp.Task.WaitAsync(TimeSpan.FromSeconds(30), E2E.Ct);
    }
}
