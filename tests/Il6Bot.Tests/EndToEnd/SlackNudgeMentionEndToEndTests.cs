using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>Mentions on Slack through the real host: typed as Slack escapes them, posted in the message text.</summary>
public sealed class SlackNudgeMentionEndToEndTests : IAsyncLifetime
{
    private SlackWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("<!subteam^S0614LIFT|@lifters>", "<!subteam^S0614LIFT>")]
    [InlineData("<!here>", "<!here>")]
    public async Task A_nudge_pings_exactly_its_user_group_or_here_in_the_text(string typed, string expected)
    {
        await _world.ScheduleAsync(_host, $"<#C123|general> mon 09:00 Europe/Berlin mention={typed} topics=how");

        Assert.Equal(1, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday)).Posted);

        var call = Assert.Single(_world.PostMessageCalls());
        var json = call.Json;
        Assert.StartsWith(expected + " ", json["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(expected, json["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        // Mark-up in the text and its first section only: nothing else in the message can ping.
        Assert.Equal(2, CountOf(JsonStrings.Of(System.Text.Json.JsonDocument.Parse(call.Body).RootElement), "<!"));
        Assert.Contains("topics how", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!everyone>", "@everyone")]
    [InlineData("<!channel>", "@channel")]
    [InlineData("@channel", "@channel")]
    public async Task Everyone_and_channel_are_refused_with_a_reason_and_nothing_is_stored(string typed, string named)
    {
        var answer = await _world.NudgeAsync(_host, $"schedule <#C123|general> mon 09:00 Europe/Berlin mention={typed}");

        Assert.True(answer.Ephemeral);
        Assert.Contains($"A nudge never pings `{named}`", answer.Text, StringComparison.Ordinal);
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_in_the_text_form_changes_time_mention_and_topics()
    {
        var id = await _world.ScheduleAsync(_host);

        var edited = await _world.NudgeAsync(_host, $"edit {id} time=07:30 mention=<!here> topics=how,fat-and-muscle");

        Assert.Contains($"Edited {id}: every Monday 07:30 Europe/Berlin in <#C123> (pings @here, topics how, fat-and-muscle)", edited.Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddMinutes(-90));
        Assert.StartsWith("<!here> ", Assert.Single(_world.PostMessageCalls()).Json["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
