using System.Net;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> of the real host after signed Slack commands and a scheduled nudge (fake Slack on 127.0.0.1,
/// fake clock): the counts are what happened, and nothing a member typed or any id or token shows up in them.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    /// <summary>A query no content matches, so its only way into the metrics would be as a label value.</summary>
    private const string DistinctiveQuery = "qqzvx plorkwistle";

    private SlackWorld _world = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _host = await _world.StartHostAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Commands_searches_and_a_nudge_are_counted_with_their_platform_transport_command_and_outcome()
    {
        await Il6Async("benefits");
        await Il6Async("burn fat");
        await Il6Async("insullin sensitivty");
        await Il6Async(DistinctiveQuery);
        await SlackWorld.SendAsync(_host, _world.SignCommand("/bogus", "anything"));
        await _world.ScheduleAsync(_host);
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddSeconds(30))).Posted);

        var scrape = await PrometheusScrape.ReadAsync(_host);

        string[] il6 = ["platform=slack", "transport=http", "command=il6", "outcome=answered"];
        Assert.Equal(4, scrape.Value("il6bot_commands_total", il6));
        Assert.Equal(4, scrape.Value("il6bot_command_duration_seconds_count", il6));
        Assert.Equal(1, scrape.Value("il6bot_commands_total", "platform=slack", "command=nudge", "outcome=answered"));
        Assert.Equal(1, scrape.Value("il6bot_commands_total", "platform=slack", "command=unknown", "outcome=unknown_command"));
        Assert.Equal(6, scrape.Value("il6bot_commands_total"));

        // "benefits" is a section name, not a search.
        Assert.Equal(1, scrape.Value("il6bot_searches_total", "result=match"));
        Assert.Equal(1, scrape.Value("il6bot_searches_total", "result=suggestions"));
        Assert.Equal(1, scrape.Value("il6bot_searches_total", "result=no_match"));

        Assert.Equal(1, scrape.Value("il6bot_nudges_total", "platform=slack", "outcome=posted"));
        Assert.Equal(1, scrape.Value("il6bot_nudges_total"));
        Assert.Equal(1, scrape.Value("il6bot_nudge_lateness_seconds_count", "platform=slack"));
        Assert.Equal(30, scrape.Value("il6bot_nudge_lateness_seconds_sum", "platform=slack"));
        Assert.Equal(0, scrape.Value("il6bot_rate_limit_rejections_total"));

        // The instruments' own bucket boundaries (advice), not OpenTelemetry's defaults (0, 5, 10, 25, 50, ...), still
        // apply under the cardinality-limit view: a 30 s lateness lands in the 30 s bucket, not in 20 s.
        Assert.Equal(1, scrape.Value("il6bot_nudge_lateness_seconds_bucket", "platform=slack", "le=30"));
        Assert.Equal(0, scrape.Value("il6bot_nudge_lateness_seconds_bucket", "platform=slack", "le=20"));
        Assert.Equal(1, scrape.Series("il6bot_nudge_lateness_seconds_bucket", "platform=slack", "le=20"));
    }

    [Fact]
    public async Task A_replayed_il6_is_counted_once()
    {
        var section = _world.SignCommand("/il6", "benefits");
        var search = _world.SignCommand("/il6", DistinctiveQuery);
        foreach (var signed in new[] { section, section, search, search, search })
        {
            Assert.Equal(HttpStatusCode.OK, (await SlackWorld.SendAsync(_host, signed)).Status);
        }

        var scrape = await PrometheusScrape.ReadAsync(_host);
        Assert.Equal(2, scrape.Value("il6bot_commands_total", "platform=slack", "command=il6", "outcome=answered"));
        Assert.Equal(2, scrape.Value("il6bot_command_duration_seconds_count", "platform=slack", "command=il6"));
        Assert.Equal(1, scrape.Value("il6bot_searches_total", "result=no_match"));
    }

    [Fact]
    public async Task A_skipped_occurrence_is_counted_as_skipped()
    {
        await _world.ScheduleAsync(_host);

        // Past the misfire grace (an hour): recorded as missed, not posted.
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddHours(2))).Skipped);

        var scrape = await PrometheusScrape.ReadAsync(_host);
        Assert.Equal(1, scrape.Value("il6bot_nudges_total", "platform=slack", "outcome=skipped"));
        Assert.Equal(0, scrape.Value("il6bot_nudges_total", "outcome=posted"));
        Assert.Equal(0, scrape.Value("il6bot_nudge_lateness_seconds_count"));
    }

    [Fact]
    public async Task A_429_is_counted_with_the_wait_it_caused()
    {
        await _world.ScheduleAsync(_host);
        _world.Fake.RateLimit("chat.postMessage", retryAfterSeconds: 3);

        var waiting = _world.Clock.NextTimerAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), E2E.Ct);
        var tick = _world.TickAtAsync(_host, FirstMonday);
        _world.Clock.Advance(await waiting);
        Assert.Equal(1, (await tick.WaitAsync(E2E.Timeout, E2E.Ct)).Posted);

        var scrape = await PrometheusScrape.ReadAsync(_host);
        Assert.Equal(1, scrape.Value("il6bot_rate_limit_rejections_total", "platform=slack"));
        Assert.Equal(1, scrape.Value("il6bot_rate_limit_wait_duration_seconds_count", "platform=slack"));
        Assert.Equal(3, scrape.Value("il6bot_rate_limit_wait_duration_seconds_sum", "platform=slack"));
        Assert.Equal(1, scrape.Value("il6bot_nudges_total", "platform=slack", "outcome=posted"));
    }

    [Fact]
    public async Task No_label_carries_what_a_member_typed_nor_an_id_nor_a_token()
    {
        await Il6Async(DistinctiveQuery);
        await SlackWorld.SendAsync(_host, _world.SignCommand("/" + DistinctiveQuery.Split(' ')[1], DistinctiveQuery));
        await _world.NudgeAsync(_host, "list");

        var scrape = await PrometheusScrape.ReadAsync(_host);

        Assert.Equal(3, scrape.Value("il6bot_commands_total"));
        foreach (var secret in new[] { "qqzvx", "plorkwistle", SlackWorld.Team, SlackWorld.Channel, SlackWorld.Moderator, SlackWorld.BotToken, SlackWorld.Secret, ".e2e" })
        {
            Assert.DoesNotContain(secret, scrape.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Metrics_Enabled_false_removes_the_endpoint()
    {
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" },
            cancellationToken: TestContext.Current.CancellationToken);

        using var response = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task Il6Async(string text)
    {
        var (status, body) = await SlackWorld.SendAsync(_host, _world.SignCommand("/il6", text));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
    }
}
