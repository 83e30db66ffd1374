using System.Net;
using System.Text.Json;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// <c>/nudge</c> through the real host as signed Slack slash commands, posting to a fake Slack on 127.0.0.1,
/// with the scheduler driven by a fake clock.
/// </summary>
public sealed class SlackNudgeEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    private SlackWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_moderator_schedules_a_nudge_and_gets_its_id_and_the_next_three_runs()
    {
        var answer = await _world.NudgeAsync(_host, "schedule <#C123|general> mon 09:00 Europe/Berlin");

        Assert.True(answer.Ephemeral);
        Assert.Matches(@"Scheduled n\w+: ", answer.Text);
        Assert.Contains("<#C123>", answer.Text, StringComparison.Ordinal);
        Assert.Equal([FirstMonday, FirstMonday.AddDays(7), FirstMonday.AddDays(14)], answer.Timestamps);

        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("1 nudge schedule", list.Text, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", list.Text, StringComparison.Ordinal);
        Assert.Contains(FirstMonday, list.Timestamps);
        Assert.Empty(_world.PostMessageCalls());
    }

    [Fact]
    public async Task A_user_not_in_Slack_Moderators_is_refused_and_nothing_is_stored()
    {
        var refused = await _world.NudgeAsync(_host, "schedule <#C123|general> mon 09:00 Europe/Berlin", user: "UNOTMOD");
        var send = await _world.NudgeAsync(_host, "send <#C123|general>", user: "UNOTMOD");

        Assert.True(refused.Ephemeral);
        Assert.Contains("Only moderators", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Only moderators", send.Text, StringComparison.Ordinal);
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7));
        Assert.Empty(_world.PostMessageCalls());
    }

    [Fact]
    public async Task Replies_that_name_the_tenant_say_workspace_on_Slack()
    {
        var unknown = await _world.NudgeAsync(_host, "cancel n999");
        var (status, body) = await SlackWorld.SendAsync(_host, _world.SignCommand("/insights", "reset confirm"));
        var cleared = new SlackAnswer(JsonDocument.Parse(body).RootElement.Clone());

        Assert.Contains("shows this workspace's schedules", unknown.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Cleared this workspace's insights", cleared.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("server", unknown.Text + cleared.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<#C123|general> funday 09:00 Europe/Berlin", "is not a day of the week")]
    [InlineData("<#C123|general> mon 25:00 Europe/Berlin", "is not a time")]
    [InlineData("<#C123|general> mon 09:00 Mars/Olympus_Mons", "is not a time zone I know")]
    [InlineData("<#C404|gone> mon 09:00 Europe/Berlin", "I can't post in")]
    [InlineData("<#COUTSIDE|private> mon 09:00 Europe/Berlin", "/invite @Il6Bot")]
    public async Task Bad_input_gets_an_ephemeral_error_saying_what_to_type_and_nothing_is_stored(string text, string expected)
    {
        _world.Fake.Channels["COUTSIDE"] = (false, false);

        var answer = await _world.NudgeAsync(_host, "schedule " + text);

        Assert.True(answer.Ephemeral);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduled", answer.Text, StringComparison.Ordinal);
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7));
        Assert.Empty(_world.PostMessageCalls());
    }

    [Fact]
    public async Task The_due_occurrence_is_posted_once_as_blocks_with_its_key_in_metadata()
    {
        var id = await _world.ScheduleAsync(_host);

        Assert.Equal(0, (await _world.TickAtAsync(_host, FirstMonday.AddMinutes(-1))).Posted);
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday)).Posted);
        Assert.Equal(0, (await _world.TickAtAsync(_host, FirstMonday.AddSeconds(15))).Posted);
        Assert.Equal(0, (await _world.TickAtAsync(_host, FirstMonday.AddMinutes(30))).Posted);

        var call = Assert.Single(_world.PostMessageCalls());
        Assert.Equal("Bearer " + SlackWorld.BotToken, call.Authorization);
        var posted = Assert.Single(_world.Fake.Posted);
        Assert.Equal(SlackWorld.Channel, posted.Channel);
        Assert.Equal("header", posted.Json["blocks"]?[0]?["type"]?.GetValue<string>());
        Assert.Contains("/il6", posted.Json["blocks"]?.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("il6bot_nudge", posted.Json["metadata"]?["event_type"]?.GetValue<string>());
        Assert.Equal($"{id}-{FirstMonday.ToUnixTimeSeconds()}", posted.Json["metadata"]?["event_payload"]?["key"]?.GetValue<string>());

        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("Last result: posted", list.Text, StringComparison.Ordinal);
        Assert.Contains(FirstMonday.AddDays(7), list.Timestamps);
    }

    [Fact]
    public async Task Send_posts_the_next_nudge_to_the_channel_now()
    {
        var answer = await _world.NudgeAsync(_host, "send <#C123|general>");

        Assert.True(answer.Ephemeral);
        Assert.Contains("Posted \u201c", answer.Text, StringComparison.Ordinal);
        var posted = Assert.Single(_world.Fake.Posted);
        Assert.Equal(SlackWorld.Channel, posted.Channel);
        Assert.Contains(posted.Json["blocks"]?[0]?["text"]?["text"]?.GetValue<string>() ?? "<no header>", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_Retry_After_then_success_posts_exactly_one_message()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.RateLimit("chat.postMessage", retryAfterSeconds: 3);

        var waiting = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), E2E.Ct);
        var tick = _world.TickAtAsync(_host, FirstMonday);
        var delay = await waiting;

        Assert.False(tick.IsCompleted);
        Assert.Single(_world.PostMessageCalls());
        Assert.Empty(_world.Fake.Posted);
        _world.Clock.Advance(delay);
        Assert.Equal(1, (await tick.WaitAsync(E2E.Timeout, E2E.Ct)).Posted);
        await _world.TickAtAsync(_host, FirstMonday.AddSeconds(15));

        Assert.Equal(2, _world.PostMessageCalls().Count);
        Assert.Single(_world.Fake.Posted);
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_in_channel_marks_the_schedule_failing_tells_the_moderator_once_and_next_week_is_attempted_once()
    {
        var id = await _world.ScheduleAsync(_host);
        _world.Fake.ChannelErrors[SlackWorld.Channel] = "not_in_channel";

        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday)).Failed);
        await _world.TickAtAsync(_host, FirstMonday.AddSeconds(15));
        await _world.TickAtAsync(_host, FirstMonday.AddMinutes(5));

        Assert.Single(NudgeAttempts());
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("FAILING", list.Text, StringComparison.Ordinal);
        Assert.Contains("/invite @Il6Bot", list.Text, StringComparison.Ordinal);
        Assert.Contains(FirstMonday.AddDays(7), list.Timestamps);

        // The moderator who scheduled it hears about it once, by chat.postMessage to their user id (the app's DM).
        var dm = Assert.Single(_world.Fake.Posted);
        Assert.Equal(SlackWorld.Moderator, dm.Channel);
        Assert.Equal("Bearer " + SlackWorld.BotToken, Assert.Single(_world.PostMessageCalls(), c => c.Json["channel"]!.GetValue<string>() == SlackWorld.Moderator).Authorization);
        var text = JsonStrings.Of(System.Text.Json.JsonDocument.Parse(dm.Json.ToJsonString()).RootElement);
        foreach (var expected in new[] { id, "<#C123>", "/invite @Il6Bot", $"/nudge edit {id}", $"/nudge cancel {id}" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        // Still failing next week: attempted once more, and no second message to the moderator.
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddDays(7))).Failed);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7).AddMinutes(1));
        Assert.Equal(2, NudgeAttempts().Count);
        Assert.Single(_world.Fake.Posted);
    }

    private List<Il6Bot.Testing.Fakes.SlackRecordedRequest> NudgeAttempts() =>
        _world.PostMessageCalls().Where(c => c.Json["channel"]!.GetValue<string>() == SlackWorld.Channel).ToList();
}
