using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Observability;

/// <summary><c>/metrics</c> of the real host serving Discord over HTTP (fake Discord on 127.0.0.1, fake clock).</summary>
[Collection(MetricsCollection.Name)]
public sealed class DiscordMetricsTests : IAsyncLifetime
{
    private DiscordWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_nudge_posted_after_a_429_counts_the_429_the_wait_and_its_lateness()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.Script429($"POST /channels/{DiscordWorld.Channel}/messages", retryAfter: 3);

        var waiting = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), E2E.Ct);
        var tick = _world.TickAtAsync(_host, DiscordWorld.FirstMonday);
        var delay = await waiting;
        _world.Clock.Advance(delay);
        Assert.Equal(1, (await tick.WaitAsync(E2E.Timeout, E2E.Ct)).Posted);

        var scrape = await PrometheusScrape.ReadAsync(_host);

        Assert.Equal(1, scrape.Value("il6bot_commands_total", "platform=discord", "transport=http", "command=nudge", "outcome=answered"));
        Assert.Equal(1, scrape.Value("il6bot_rate_limit_rejections_total", "platform=discord"));
        Assert.Equal(1, scrape.Value("il6bot_rate_limit_wait_duration_seconds_count", "platform=discord"));
        Assert.Equal(delay.TotalSeconds, scrape.Value("il6bot_rate_limit_wait_duration_seconds_sum", "platform=discord"), 3);
        Assert.Equal(1, scrape.Value("il6bot_nudges_total", "platform=discord", "outcome=posted"));
        Assert.Equal(delay.TotalSeconds, scrape.Value("il6bot_nudge_lateness_seconds_sum", "platform=discord"), 3);
        Assert.Equal(0, scrape.Value("il6bot_nudges_total", "platform=slack"));
    }
}
