using Il6Bot.Commands;
using Il6Bot.Messages;
using Il6Bot.Nudges;
using Il6Bot.Slack;
using Il6Bot.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Il6Bot.Tests.Slack;

/// <summary>The poster as registered by AddIl6Slack, against a fake Slack on 127.0.0.1 and a fake clock.</summary>
public sealed class SlackNudgePosterTests : IAsyncLifetime
{
    private const string Channel = "C0123ABCD";

    private static readonly Reply Nudge = new("Lift today", MarkdownMessageParser.Parse("Two or three **strength** sessions a week. See `/il6 how`."), [], null, Ephemeral: false);

    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private FakeSlackApi _slack = null!;
    private ServiceProvider _services = null!;

    private SlackNudgePoster Poster => _services.GetRequiredService<SlackNudgePoster>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, Token);
        _services = Build(new Dictionary<string, string?> { ["Slack:SigningSecret"] = "test-secret", ["Slack:BotToken"] = "xoxb-test-token", ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl });
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIl6Slack(configuration);
        services.AddSingleton<TimeProvider>(_time);

        // Backoff between 5xx retries is Polly's; zero keeps the test off the clock while still counting attempts.
        services.PostConfigureAll<HttpStandardResilienceOptions>(o => o.Retry.Delay = TimeSpan.Zero);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_nudge_is_posted_as_blocks_with_its_key_in_metadata()
    {
        var result = await Poster.PostAsync(Channel, Nudge, "s7:2026-03-02T09:00Z", Token);

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        var request = Assert.Single(_slack.Requests);
        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal("Bearer xoxb-test-token", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var posted = Assert.Single(_slack.Posted);
        Assert.Equal(posted.Ts, result.MessageId);
        Assert.Equal(Channel, posted.Json["channel"]?.GetValue<string>());
        Assert.Equal("header", posted.Json["blocks"]?[0]?["type"]?.GetValue<string>());
        Assert.Equal("Two or three *strength* sessions a week. See `/il6 how`.", posted.Json["blocks"]?[1]?["text"]?["text"]?.GetValue<string>());
        Assert.Equal("il6bot_nudge", posted.Json["metadata"]?["event_type"]?.GetValue<string>());
        Assert.Equal("s7:2026-03-02T09:00Z", posted.Json["metadata"]?["event_payload"]?["key"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_429_waits_retry_after_on_the_clock_then_posts_exactly_once()
    {
        _slack.RateLimit("chat.postMessage", retryAfterSeconds: 7);

        var posting = Poster.PostAsync(Channel, Nudge, "k1", Token);
        await _time.TimerCreated(TimeSpan.FromSeconds(7), Token);
        Assert.False(posting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(7));
        var result = await posting;

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        Assert.Equal(2, _slack.CountCalls("/api/chat.postMessage"));
        Assert.Single(_slack.Posted);
    }

    [Fact]
    public async Task Not_in_channel_is_permanent_and_not_retried()
    {
        _slack.FailWith("chat.postMessage", "not_in_channel");

        var result = await Poster.PostAsync(Channel, Nudge, "k1", Token);

        Assert.Equal(PostOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("/invite @Il6Bot", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    [InlineData("missing_scope")]
    public async Task Other_permanent_errors_have_a_readable_reason(string error)
    {
        _slack.FailWith("chat.postMessage", error);

        var result = await Poster.PostAsync(Channel, Nudge, "k1", Token);

        Assert.Equal(PostOutcome.PermanentFailure, result.Outcome);
        Assert.DoesNotContain("_", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times_then_transient()
    {
        _slack.FailStatus("chat.postMessage", 503);

        var result = await Poster.PostAsync(Channel, Nudge, "k1", Token);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.InRange(_slack.CountCalls("/api/chat.postMessage"), 2, 4);
        Assert.Empty(_slack.Posted);
    }

    [Fact]
    public async Task Channel_checks_explain_what_to_do()
    {
        _slack.Channels["CMEMBER1"] = (true, false);
        _slack.Channels["COUTSIDE"] = (false, false);
        _slack.Channels["CARCHIVE"] = (true, true);

        Assert.Equal(ChannelCheck.Ok, await Poster.CheckChannelAsync("T1", "CMEMBER1", Token));
        Assert.Contains("/invite @Il6Bot", (await Poster.CheckChannelAsync("T1", "COUTSIDE", Token)).Problem, StringComparison.Ordinal);
        Assert.Contains("archived", (await Poster.CheckChannelAsync("T1", "CARCHIVE", Token)).Problem, StringComparison.Ordinal);
        var missing = await Poster.CheckChannelAsync("T1", "CUNKNOWN", Token);
        Assert.False(missing.CanPost);
        Assert.Contains("can't see", missing.Problem, StringComparison.Ordinal);
        Assert.Equal("application/x-www-form-urlencoded", _slack.Requests[0].ContentType);
    }

    [Fact]
    public async Task A_posted_nudge_is_found_again_by_its_metadata_key()
    {
        var since = _time.GetUtcNow().AddMinutes(-5);
        await Poster.PostAsync("COTHER01", Nudge, "s7:occurrence-1", Token);
        var posted = await Poster.PostAsync(Channel, Nudge, "s7:occurrence-1", Token);
        await Poster.PostAsync(Channel, Nudge, "s7:occurrence-0", Token);

        var found = await Poster.FindPostedAsync(Channel, "s7:occurrence-1", since, Token);
        var notFound = await Poster.FindPostedAsync(Channel, "s7:occurrence-2", since, Token);

        Assert.Equal(LookupResult.Found(posted.MessageId!), found);
        Assert.Equal(LookupResult.NotFound, notFound);
        var history = _slack.Requests.First(r => r.Path == "/api/conversations.history").Form;
        Assert.Equal("true", history["include_all_metadata"]);
        Assert.Equal(Channel, history["channel"]);
        Assert.StartsWith(since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ".", history["oldest"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_lookup_is_unknown_never_not_found()
    {
        _slack.FailWith("conversations.history", "missing_scope");

        Assert.Equal(LookupResult.Unknown, await Poster.FindPostedAsync(Channel, "k1", _time.GetUtcNow(), Token));
    }

    [Fact]
    public async Task The_poster_is_registered_only_with_a_bot_token()
    {
        await using var without = Build(new Dictionary<string, string?> { ["Slack:SigningSecret"] = "s" });

        Assert.Empty(without.GetServices<INudgePoster>());
        Assert.Equal(Platform.Slack, Assert.Single(_services.GetServices<INudgePoster>()).Platform);
    }
}
