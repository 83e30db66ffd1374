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
}
