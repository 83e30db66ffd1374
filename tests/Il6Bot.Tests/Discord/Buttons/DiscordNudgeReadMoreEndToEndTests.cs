using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Tests.EndToEnd;

namespace Il6Bot.Tests.Discord.Buttons;

/// <summary><c>/nudge send</c> posts a nudge with a Read more button; a click on it, even by another instance after a
/// restart, shows the member the nudge's topic privately.</summary>
public sealed class DiscordNudgeReadMoreEndToEndTests : IAsyncLifetime
{
    private DiscordWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_posted_nudge_has_Read_more_and_a_click_after_a_restart_shows_its_topic_privately()
    {
        var dir = _world.NewTempDir();
        var host = await _world.StartHostAsync(dir);
        var sent = await _world.NudgeAsync(host, "send", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel));
        Assert.True(sent.Ephemeral, sent.ToString());

        var post = Assert.Single(_world.MessagePosts()).Json;
        var button = Assert.Single(post.GetProperty("components").EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray()));
        Assert.Equal(NudgeReply.ReadMoreLabel, button.GetProperty("label").GetString());
        var customId = button.GetProperty("custom_id").GetString()!;
        Assert.StartsWith("il6:1:r:", customId, StringComparison.Ordinal);

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
        Assert.Contains(DiscordButtonClickTests.ButtonIds(json.Json), id => id == "il6:1:s:" + customId["il6:1:r:".Length..]);
    }
}
