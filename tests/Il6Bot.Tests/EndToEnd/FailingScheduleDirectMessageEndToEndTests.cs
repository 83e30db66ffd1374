using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A schedule whose channel is gone, through the real host and the fake Discord: the moderator who made it is told once
/// per failing spell, by a DM (<c>POST /users/@me/channels</c>, then a message in that channel); a DM that Discord
/// refuses is logged and never tried again; a fixed channel posts normally and clears the mark.
/// </summary>
public sealed class FailingScheduleDirectMessageEndToEndTests : IAsyncLifetime
{
    private const string Moderator = "42";
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;
    private readonly CapturedLogs _logs = new();
    private DiscordWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _host = await _world.StartHostAsync(configure: builder => builder.Logging.AddProvider(_logs));
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_deleted_channel_tells_the_moderator_once_per_failing_spell_and_a_fixed_channel_posts_again()
    {
        var id = await _world.ScheduleAsync(_host);
        _world.Fake.Channels.TryRemove(DiscordWorld.Channel, out _);

        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday)).Failed);
        await _world.TickAtAsync(_host, FirstMonday.AddMinutes(5));

        var open = Assert.Single(_world.Fake.Requests, r => r.Path == "/users/@me/channels");
        Assert.Equal(("POST", Moderator), (open.Method, open.Json.GetProperty("recipient_id").GetString()));
        Assert.Equal("Bot " + DiscordWorld.Token, open.Authorization);
        var (user, dm) = Assert.Single(_world.Fake.DirectMessages);
        Assert.Equal(Moderator, user);
        var text = JsonStrings.Of(dm.Json);
        foreach (var expected in new[] { id, "<#100>", "Unknown Channel", $"/nudge edit {id}", $"/nudge cancel {id}", "/nudge list" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("FAILING", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        // Still gone next week: the post is attempted, the moderator is not told again.
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddDays(7))).Failed);
        Assert.Single(_world.Fake.DirectMessages);

        // Fixed: the next occurrence posts normally and the mark clears.
        _world.Fake.Channels[DiscordWorld.Channel] = (DiscordWorld.Guild, 0);
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddDays(14))).Posted);
        var list = (await _world.NudgeAsync(_host, "list")).Text;
        Assert.DoesNotContain("FAILING", list, StringComparison.Ordinal);
        Assert.Contains("Last result: posted", list, StringComparison.Ordinal);

        // Broken again: a new failing spell, so one more DM.
        _world.Fake.Channels.TryRemove(DiscordWorld.Channel, out _);
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddDays(21))).Failed);
        Assert.Equal(2, _world.Fake.DirectMessages.Count);
    }

    [Fact]
    public async Task A_DM_the_member_does_not_accept_is_logged_once_and_never_retried()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.Channels.TryRemove(DiscordWorld.Channel, out _);
        _world.Fake.DmsClosed[Moderator] = true;

        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday)).Failed);
        for (var minute = 1; minute <= 10; minute++)
        {
            await _world.TickAtAsync(_host, FirstMonday.AddMinutes(minute));
        }

        await _world.TickAtAsync(_host, FirstMonday.AddDays(7));

        var dmAttempts = _world.Fake.Requests.Where(r => r.Method == "POST" && r.Path == $"/channels/{_world.Fake.DmChannels[Moderator]}/messages").ToList();
        Assert.Equal(403, Assert.Single(dmAttempts).Status);
        Assert.Empty(_world.Fake.DirectMessages);
        Assert.Equal(2, _world.MessagePosts().Count);
        Assert.Contains("FAILING", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        var warning = Assert.Single(_logs.Entries, e => e.Message.Contains("could not be delivered", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("50007", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains(DiscordWorld.Token, StringComparison.Ordinal));
    }
}
