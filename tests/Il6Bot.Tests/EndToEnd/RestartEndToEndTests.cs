namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A restart is a second real host on the same SQLite file, the same fake Discord and the same clock: the store is
/// the only memory the bot has.
/// </summary>
public sealed class RestartEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    private DiscordWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await DiscordWorld.StartAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_schedule_made_before_a_restart_is_listed_and_posted_once_by_the_new_host()
    {
        var dir = _world.NewTempDir();
        var first = await _world.StartHostAsync(dir);
        var id = await _world.ScheduleAsync(first);
        await _world.StopAsync(first);

        var second = await _world.StartHostAsync(dir);
        var list = await _world.NudgeAsync(second, "list");
        Assert.Contains(id, list.Text, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", list.Text, StringComparison.Ordinal);
        Assert.Contains(FirstMonday, list.Timestamps);

        Assert.Equal(1, (await _world.TickAtAsync(second, FirstMonday)).Posted);
        await _world.TickAtAsync(second, FirstMonday.AddSeconds(15));
        await _world.TickAtAsync(second, FirstMonday.AddMinutes(10));

        var post = Assert.Single(_world.MessagePosts());
        Assert.True(post.Created);
        Assert.Equal($"{id}-{FirstMonday.ToUnixTimeSeconds()}", post.Json.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task An_occurrence_posted_before_a_restart_is_not_posted_again()
    {
        var dir = _world.NewTempDir();
        var first = await _world.StartHostAsync(dir);
        await _world.ScheduleAsync(first);
        Assert.Equal(1, (await _world.TickAtAsync(first, FirstMonday)).Posted);
        await _world.StopAsync(first);

        // Back a minute later, well inside the misfire grace: the occurrence is still "recent", but it was posted.
        _world.Clock.JumpTo(FirstMonday.AddMinutes(1));
        var second = await _world.StartHostAsync(dir);
        var tick = await _world.TickAtAsync(second, FirstMonday.AddMinutes(2));

        Assert.Equal((0, 0, 0), (tick.Posted, tick.Skipped, tick.Unknown));
        Assert.Single(_world.MessagePosts());
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(second, "list")).Text, StringComparison.Ordinal);

        // The following week is posted once, by the new host.
        Assert.Equal(1, (await _world.TickAtAsync(second, FirstMonday.AddDays(7))).Posted);
        await _world.TickAtAsync(second, FirstMonday.AddDays(7).AddMinutes(1));
        Assert.Equal(2, _world.MessagePosts().Count);
        Assert.Equal(2, _world.Fake.MessagesCreated);
    }

    [Fact]
    public async Task An_occurrence_missed_by_less_than_the_grace_during_downtime_is_posted_once_on_start()
    {
        var dir = _world.NewTempDir();
        var first = await _world.StartHostAsync(dir);
        await _world.ScheduleAsync(first);
        await _world.StopAsync(first);

        _world.Clock.JumpTo(FirstMonday.AddMinutes(30));
        var second = await _world.StartHostAsync(dir);
        await _world.TickAtAsync(second, FirstMonday.AddMinutes(30));
        await _world.TickAtAsync(second, FirstMonday.AddMinutes(31));

        Assert.Single(_world.MessagePosts());
        Assert.Equal(1, _world.Fake.MessagesCreated);
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(second, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_occurrence_missed_by_more_than_the_grace_is_skipped_visibly_and_next_week_posts()
    {
        var dir = _world.NewTempDir();
        var first = await _world.StartHostAsync(dir);
        await _world.ScheduleAsync(first);
        await _world.StopAsync(first);

        _world.Clock.JumpTo(FirstMonday.AddHours(3));
        var second = await _world.StartHostAsync(dir);
        await _world.TickAtAsync(second, FirstMonday.AddHours(3));

        Assert.Empty(_world.MessagePosts());
        var list = await _world.NudgeAsync(second, "list");
        Assert.Contains("skipped", list.Text, StringComparison.Ordinal);
        Assert.Contains("missed by 3 h during downtime", list.Text, StringComparison.Ordinal);
        Assert.Contains(FirstMonday.AddDays(7), list.Timestamps);

        Assert.Equal(1, (await _world.TickAtAsync(second, FirstMonday.AddDays(7))).Posted);
        Assert.Single(_world.MessagePosts());
    }
}
