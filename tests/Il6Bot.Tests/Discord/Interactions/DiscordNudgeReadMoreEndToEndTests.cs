using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.EndToEnd;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary><c>/nudge send</c> posts a nudge with a Read more button; a click on it, even by another instance after a
/// restart, shows the member the nudge's topic privately, and <c>/insights</c> counts it for that schedule and nudge.</summary>
public sealed class DiscordNudgeReadMoreEndToEndTests : IAsyncLifetime
{
    private DiscordWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_posted_nudge_has_Read_more_and_a_click_after_a_restart_shows_its_topic_privately_and_counts_in_insights()
    {
        var dir = _world.NewTempDir();
        var host = await _world.StartHostAsync(dir);
        var sent = await _world.NudgeAsync(host, "send", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel));
        Assert.True(sent.Ephemeral, sent.ToString());

        var post = Assert.Single(_world.MessagePosts()).Json;
        var button = Assert.Single(post.GetProperty("components").EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray()));
        Assert.Equal(NudgeReply.ReadMoreLabel, button.GetProperty("label").GetString());
        var customId = button.GetProperty("custom_id").GetString()!;
        Assert.StartsWith("il6:1:n:", customId, StringComparison.Ordinal);
        Assert.Equal(ButtonIdProblem.None, ButtonId.TryDecode(customId, out var action));
        Assert.True(NudgeReadMoreTarget.TryParse(action!.Value.Argument, out var target), customId);
        Assert.Equal(NudgeReply.ManualScheduleId, target.ScheduleId);

        // Nothing about the button is remembered: a new process answers it.
        await _world.StopAsync(host);
        var restarted = await _world.StartHostAsync(dir);
        var body = Encoding.UTF8.GetBytes(DiscordButtonClickTests.Click("6001", customId, messageFlags: 0)
            .Replace("\"guild_id\":\"3\"", $"\"guild_id\":\"{DiscordWorld.Guild}\"", StringComparison.Ordinal)
            .Replace("\"application_id\":\"2\"", $"\"application_id\":\"{DiscordWorld.ApplicationId}\"", StringComparison.Ordinal));
        var (status, answer) = await _world.SendAsync(restarted, body, _world.Signer.Timestamp());

        Assert.Equal(HttpStatusCode.OK, status);
        var json = new DiscordAnswer(JsonDocument.Parse(answer).RootElement.Clone());
        Assert.Equal(4, json.Type);
        Assert.True(json.Ephemeral);
        Assert.DoesNotContain("removed", json.Text, StringComparison.Ordinal);
        Assert.Contains(DiscordButtonClickTests.ButtonIds(json.Json), id => id == "il6:1:s:" + target.Topic);

        var insights = _world.NudgeInteraction(DiscordWorld.Guild, "show", DiscordWorld.ManageGuild);
        insights["data"]!["name"] = "insights";
        var (insightsStatus, report) = await _world.SendAsync(restarted, Encoding.UTF8.GetBytes(insights.ToJsonString()), _world.Signer.Timestamp());
        Assert.Equal(HttpStatusCode.OK, insightsStatus);
        var text = new DiscordAnswer(JsonDocument.Parse(report).RootElement.Clone()).Text;
        Assert.Contains("/nudge send` 1 post, 1 click, 100% click-through", text, StringComparison.Ordinal);
        Assert.Contains($"`{target.NudgeId}` → `{target.Topic}`: 1 post, 1 click, 100% click-through", text, StringComparison.Ordinal);
    }
}
