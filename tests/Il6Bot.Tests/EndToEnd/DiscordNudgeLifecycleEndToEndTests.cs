using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>Tenancy, pause/resume/cancel, the default zone and DST through the real host and the fake Discord.</summary>
public sealed class DiscordNudgeLifecycleEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    private DiscordWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _world.Fake.Channels["200"] = ("901", 0);
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Another_server_neither_sees_nor_cancels_a_schedule_nor_schedules_into_its_channels()
    {
        var id = await _world.ScheduleAsync(_host);

        var otherList = await _world.NudgeInGuildAsync(_host, "901", "list");
        var otherCancel = await _world.NudgeInGuildAsync(_host, "901", "cancel", DiscordWorld.ManageGuild, ("id", id));
        var intoForeignChannel = await _world.NudgeInGuildAsync(_host, "901", "schedule", DiscordWorld.ManageGuild,
            ("channel", DiscordWorld.Channel), ("day", "mon"), ("time", "09:00"));

        Assert.Contains("No nudges are scheduled here", otherList.Text, StringComparison.Ordinal);
        Assert.Contains($"There is no schedule {id} here", otherCancel.Text, StringComparison.Ordinal);
        Assert.Contains("belongs to another server", intoForeignChannel.Text, StringComparison.Ordinal);
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeInGuildAsync(_host, "901", "list")).Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, FirstMonday);
        Assert.Single(_world.MessagePosts());
    }

    [Fact]
    public async Task A_cancelled_schedule_never_posts()
    {
        var id = await _world.ScheduleAsync(_host);

        Assert.Contains($"Cancelled {id}", (await _world.NudgeAsync(_host, "cancel", DiscordWorld.ManageGuild, ("id", id))).Text, StringComparison.Ordinal);
        await _world.TickAtAsync(_host, FirstMonday);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7));

        Assert.Empty(_world.MessagePosts());
        Assert.Contains("No nudges are scheduled here", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paused_schedule_skips_its_weeks_and_resuming_does_not_catch_up()
    {
        var id = await _world.ScheduleAsync(_host);
        Assert.Contains($"Paused {id}", (await _world.NudgeAsync(_host, "pause", DiscordWorld.ManageGuild, ("id", id))).Text, StringComparison.Ordinal);

        await _world.TickAtAsync(_host, FirstMonday);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7).AddMinutes(10));
        Assert.Empty(_world.MessagePosts());
        Assert.Contains("Paused", (await _world.NudgeAsync(_host, "list")).Text, StringComparison.Ordinal);

        var resumed = await _world.NudgeAsync(_host, "resume", DiscordWorld.ManageGuild, ("id", id));
        Assert.Equal([FirstMonday.AddDays(14)], resumed.Timestamps);
        await _world.TickAtAsync(_host, FirstMonday.AddDays(7).AddMinutes(11));
        Assert.Empty(_world.MessagePosts());

        await _world.TickAtAsync(_host, FirstMonday.AddDays(14));
        Assert.Single(_world.MessagePosts());
    }

    [Fact]
    public async Task Without_a_zone_the_default_zone_is_used()
    {
        var answer = await _world.ScheduleCommandAsync(_host, DiscordWorld.Channel, "mon", "09:00", zone: null);

        Assert.Contains("UTC", answer.Text, StringComparison.Ordinal);
        Assert.Equal(FirstMonday.AddHours(1), answer.Timestamps[0]);
    }

    [Fact]
    public async Task Nine_in_Berlin_stays_nine_local_across_the_spring_change()
    {
        await _world.ScheduleAsync(_host);

        // 2, 9, 16 and 23 March are CET (08:00 UTC); Europe moves to CEST on 29 March, so 30 March is 07:00 UTC.
        foreach (var monday in new[] { 0, 7, 14, 21 })
        {
            Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddDays(monday))).Posted);
        }

        var afterChange = new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(0, (await _world.TickAtAsync(_host, afterChange.AddMinutes(-1))).Posted);
        Assert.Equal(1, (await _world.TickAtAsync(_host, afterChange)).Posted);
        Assert.Equal(5, _world.MessagePosts().Count);
        Assert.EndsWith($"-{afterChange.ToUnixTimeSeconds()}", _world.MessagePosts()[^1].Json.GetProperty("nonce").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_waits_out_a_short_429_and_posts_one_message()
    {
        _world.Fake.Script429($"POST /channels/{DiscordWorld.Channel}/messages", retryAfter: 1);

        var waiting = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), E2E.Ct);
        var sending = _world.NudgeAsync(_host, "send", DiscordWorld.ManageGuild, ("channel", DiscordWorld.Channel));
        _world.Clock.Advance(await waiting);
        var answer = await sending.WaitAsync(E2E.Timeout, E2E.Ct);

        Assert.Equal(4, answer.Type);
        Assert.Contains("Posted \u201c", answer.Text, StringComparison.Ordinal);
        Assert.Equal([429, 200], _world.MessagePosts().Select(p => p.Status));
        Assert.Equal(1, _world.Fake.MessagesCreated);
    }
}
