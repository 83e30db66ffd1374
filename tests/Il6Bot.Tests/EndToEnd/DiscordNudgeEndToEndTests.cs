using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// <c>/nudge</c> through the real host: signed HTTP interactions in, posts out to a fake Discord on 127.0.0.1,
/// the scheduler driven by a fake clock.
/// </summary>
public sealed class DiscordNudgeEndToEndTests : IAsyncLifetime
{
    private readonly SchedulerTicks _ticks = new();
    private DiscordWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _host = await _world.StartHostAsync(
            settings: new Dictionary<string, string?>([SchedulerTicks.DebugLevel]),
            configure: builder => builder.Logging.AddProvider(_ticks));
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_moderator_schedules_a_nudge_and_gets_its_id_and_the_next_three_runs()
    {
        var answer = await _world.ScheduleCommandAsync(_host, DiscordWorld.Channel, "mon", "09:00", "Europe/Berlin");

        Assert.Equal(4, answer.Type);
        Assert.True(answer.Ephemeral);
        Assert.Matches(@"Scheduled n\w+: ", answer.Text);
        Assert.Contains("<#100>", answer.Text, StringComparison.Ordinal);
        Assert.Equal(
            [DiscordWorld.FirstMonday, DiscordWorld.FirstMonday.AddDays(7), DiscordWorld.FirstMonday.AddDays(14)],
            answer.Timestamps);
        Assert.Contains("09:00", answer.Text, StringComparison.Ordinal);

        var list = await _world.NudgeAsync(_host, "list");
        Assert.True(list.Ephemeral);
        Assert.Contains("1 nudge schedule", list.Text, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", list.Text, StringComparison.Ordinal);
        Assert.Contains(DiscordWorld.FirstMonday, list.Timestamps);
        Assert.Contains("not run yet", list.Text, StringComparison.Ordinal);
        Assert.Empty(_world.MessagePosts());
    }

    [Fact]
    public async Task Nudge_is_registered_for_Manage_Server_only()
    {
        var registration = Assert.Single(_world.Fake.Requests, r => r.Method == "PUT" && r.Path == $"/applications/{DiscordWorld.ApplicationId}/commands");
        var nudge = registration.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "nudge");

        Assert.Equal("32", nudge.GetProperty("default_member_permissions").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData(DiscordWorld.Member)]
    public async Task A_member_without_Manage_Server_is_refused_and_nothing_is_stored(string permissions)
    {
        var refused = await _world.ScheduleCommandAsync(_host, DiscordWorld.Channel, "mon", "09:00", "Europe/Berlin", permissions);
        var send = await _world.NudgeAsync(_host, "send", permissions, ("channel", DiscordWorld.Channel));

        Assert.True(refused.Ephemeral);
        Assert.Contains("Only moderators", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Only moderators", send.Text, StringComparison.Ordinal);
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("No nudges are scheduled here", list.Text, StringComparison.Ordinal);
        Assert.Empty(_world.MessagePosts());

        // Nothing became due either: a tick a week later posts nothing.
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7));
        Assert.Empty(_world.MessagePosts());
    }

    [Fact]
    public async Task An_administrator_is_a_moderator_too()
    {
        var answer = await _world.ScheduleCommandAsync(_host, DiscordWorld.Channel, "mon", "09:00", "Europe/Berlin", permissions: "8");

        Assert.Matches(@"Scheduled n\w+: ", answer.Text);
    }

    [Theory]
    [InlineData("funday", "09:00", "Europe/Berlin", DiscordWorld.Channel, "is not a day of the week")]
    [InlineData("mon", "25:00", "Europe/Berlin", DiscordWorld.Channel, "is not a time")]
    [InlineData("mon", "09:00", "Mars/Olympus_Mons", DiscordWorld.Channel, "is not a time zone I know")]
    [InlineData("mon", "09:00", "Europe/Berlin", "404404", "I can't post in")]
    [InlineData("mon", "09:00", "Europe/Berlin", "403403", "I can't post in")]
    public async Task Bad_input_gets_an_ephemeral_error_saying_what_to_type_and_nothing_is_stored(string day, string time, string zone, string channel, string expected)
    {
        _world.Fake.Script("GET /channels/403403", 403, """{"message":"Missing Access","code":50001}""");

        var answer = await _world.ScheduleCommandAsync(_host, channel, day, time, zone);

        Assert.Equal(4, answer.Type);
        Assert.True(answer.Ephemeral);
        Assert.Contains(expected, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduled", answer.Text, StringComparison.Ordinal);
        Assert.Matches("`[^`]+`|Add me to that channel", answer.Text);
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("No nudges are scheduled here", list.Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7));
        Assert.DoesNotContain(_world.Fake.Requests, r => r.Method == "POST" && r.Path.StartsWith("/channels/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_due_occurrence_is_posted_exactly_once_with_an_embed_and_an_enforced_nonce()
    {
        var id = await _world.ScheduleAsync(_host);

        Assert.Equal(0, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddMinutes(-1))).Posted);
        Assert.Empty(_world.MessagePosts());

        Assert.Equal(1, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday)).Posted);
        Assert.Equal(0, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddSeconds(15))).Posted);
        Assert.Equal(0, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddMinutes(30))).Posted);

        var post = Assert.Single(_world.MessagePosts());
        Assert.Equal(200, post.Status);
        Assert.True(post.Created);
        Assert.Equal("Bot " + DiscordWorld.Token, post.Authorization);
        Assert.Equal($"{id}-{DiscordWorld.FirstMonday.ToUnixTimeSeconds()}", post.Json.GetProperty("nonce").GetString());
        Assert.True(post.Json.GetProperty("enforce_nonce").GetBoolean());
        var embed = post.Json.GetProperty("embeds")[0];
        Assert.False(string.IsNullOrWhiteSpace(embed.GetProperty("title").GetString()));
        Assert.Contains("/il6", embed.GetRawText(), StringComparison.Ordinal);
        Assert.False(post.Json.TryGetProperty("flags", out _));

        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("Last result: posted", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILING", list.Text, StringComparison.Ordinal);
        Assert.Contains(DiscordWorld.FirstMonday.AddDays(7), list.Timestamps);
    }

    [Fact]
    public async Task The_background_loop_posts_when_the_clock_reaches_the_occurrence()
    {
        await _world.ScheduleAsync(_host);
        var posted = new TaskCompletionSource<Il6Bot.Features.Nudges.Scheduling.TickSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnTick(Il6Bot.Features.Nudges.Scheduling.TickSummary summary)
        {
            if (summary.Posted > 0)
            {
                posted.TrySetResult(summary);
            }
        }

        _ticks.Completed += OnTick;
        try
        {
            // The loop's timer still has its whole first period to go; jump to one period before the occurrence
            // and let the timer itself fire at 09:00 Berlin.
            _world.Clock.JumpTo(DiscordWorld.FirstMonday - Il6Bot.Features.Nudges.Scheduling.NudgeScheduler.TickInterval);
            _world.Clock.Advance(Il6Bot.Features.Nudges.Scheduling.NudgeScheduler.TickInterval);

            Assert.Equal(1, (await posted.Task.WaitAsync(E2E.Timeout, E2E.Ct)).Posted);
        }
        finally
        {
            _ticks.Completed -= OnTick;
        }

        var post = Assert.Single(_world.MessagePosts());
        Assert.True(post.Created);
        Assert.Equal(DiscordWorld.FirstMonday, _world.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Each_week_is_posted_once_and_the_nudges_rotate()
    {
        await _world.ScheduleAsync(_host);

        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7));
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7).AddMinutes(1));

        var posts = _world.MessagePosts();
        Assert.Equal(2, posts.Count);
        Assert.Equal(2, _world.Fake.MessagesCreated);
        var titles = posts.Select(p => p.Json.GetProperty("embeds")[0].GetProperty("title").GetString()).ToList();
        Assert.NotEqual(titles[0], titles[1]);
    }

    [Fact]
    public async Task Send_posts_the_next_nudge_to_the_channel_now()
    {
        var answer = await _world.NudgeAsync(_host, "send", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel));

        Assert.True(answer.Ephemeral);
        Assert.Contains("Posted \u201c", answer.Text, StringComparison.Ordinal);
        Assert.Contains("<#100>", answer.Text, StringComparison.Ordinal);
        var post = Assert.Single(_world.MessagePosts());
        Assert.True(post.Created);
        var title = post.Json.GetProperty("embeds")[0].GetProperty("title").GetString()!;
        Assert.Contains($"\u201c{title}\u201d", answer.Text, StringComparison.Ordinal);
        Assert.True(post.Json.GetProperty("enforce_nonce").GetBoolean());
        Assert.False(string.IsNullOrEmpty(post.Json.GetProperty("nonce").GetString()));
    }

    [Fact]
    public async Task Send_to_a_channel_the_bot_cannot_see_posts_nothing()
    {
        var answer = await _world.NudgeAsync(_host, "send", DiscordWorld.ManageGuild, ("channel", "404404"));

        Assert.True(answer.Ephemeral);
        Assert.Contains("I can't post in", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Fake.Requests, r => r.Method == "POST" && r.Path.StartsWith("/channels/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_retry_after_then_success_creates_exactly_one_message()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.Script429($"POST /channels/{DiscordWorld.Channel}/messages", retryAfter: 3);

        var waiting = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), E2E.Ct);
        var tick = _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        var delay = await waiting;

        Assert.False(tick.IsCompleted);
        Assert.Equal([429], _world.MessagePosts().Select(p => p.Status));
        _world.Clock.Advance(delay);
        await tick.WaitAsync(E2E.Timeout, E2E.Ct);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddSeconds(15));

        var posts = _world.MessagePosts();
        Assert.Equal([429, 200], posts.Select(p => p.Status));
        Assert.Equal(posts[0].Json.GetProperty("nonce").GetString(), posts[1].Json.GetProperty("nonce").GetString());
        Assert.Equal(1, _world.Fake.MessagesCreated);
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2xx_with_an_unreadable_body_is_recorded_as_posted()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.Script($"POST /channels/{DiscordWorld.Channel}/messages", 200, "<html>not json");

        Assert.Equal(1, (await _world.TickAtAsync(_host, DiscordWorld.FirstMonday)).Posted);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddMinutes(5));

        Assert.Equal([200], _world.MessagePosts().Select(p => p.Status));
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("Last result: posted", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILING", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_marks_the_schedule_failing_after_one_attempt_and_next_week_is_attempted_once()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.Script($"POST /channels/{DiscordWorld.Channel}/messages", 403, """{"message":"Missing Access","code":50001}""", times: 2);

        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddSeconds(15));
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddMinutes(5));

        Assert.Single(_world.MessagePosts());
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("FAILING", list.Text, StringComparison.Ordinal);
        Assert.Contains("Missing Access", list.Text, StringComparison.Ordinal);
        Assert.Contains(DiscordWorld.FirstMonday.AddDays(7), list.Timestamps);

        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7));
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(7).AddMinutes(1));
        Assert.Equal([403, 403], _world.MessagePosts().Select(p => p.Status));
        Assert.Contains("FAILING", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        // Access fixed: the week after posts, and the schedule is no longer failing.
        await _world.TickAtAsync(_host, DiscordWorld.FirstMonday.AddDays(14));
        Assert.Equal([403, 403, 200], _world.MessagePosts().Select(p => p.Status));
        var healed = await _world.NudgeAsync(_host, "list");
        Assert.DoesNotContain("FAILING", healed.Text, StringComparison.Ordinal);
        Assert.Contains("Last result: posted", healed.Text, StringComparison.Ordinal);
    }
}
