using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Slack;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.WebApi;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Slack.Installations.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Slack.WebApi;

/// <summary>
/// The poster as registered by AddIl6Slack, behind the exactly-once policy as the dispatcher runs it, against a fake
/// Slack on 127.0.0.1 and a fake clock.
/// </summary>
public sealed class SlackNudgePosterTests : IAsyncLifetime
{
    private const string Channel = "C0123ABCD";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private static readonly Reply Nudge = new("Lift today", MarkdownMessageParser.Parse("Two or three **strength** sessions a week. See `/il6 how`."), [], null, Ephemeral: false);

    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private FakeSlackApi _slack = null!;
    private ServiceProvider _services = null!;

    private PolicyDrivenPoster Poster => new(_services.GetRequiredService<SlackNudgePoster>(), new ExactlyOncePolicy(_time, NullLogger<ExactlyOncePolicy>.Instance));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, Token);
        _services = Build(new Dictionary<string, string?> { ["Slack:SigningSecret"] = "test-secret", ["Slack:BotToken"] = "xoxb-fake", ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl });
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

        // The bot's store is not part of this container; a single workspace never reads installations anyway.
        services.AddSingleton<ISlackInstallationStore>(new InMemorySlackInstallationStore());
        services.AddIl6Slack(configuration);
        services.AddSingleton<TimeProvider>(_time);

        // Polly's backoff (reads only; posts are never resent by it) is zero, which keeps those retries off the
        // clock while still counting them. The attempt timeout runs on the fake clock.
        services.PostConfigureAll<HttpStandardResilienceOptions>(o =>
        {
            o.Retry.Delay = TimeSpan.Zero;
            o.AttemptTimeout.Timeout = AttemptTimeout;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_nudge_is_posted_as_blocks_with_its_key_in_metadata()
    {
        var result = await Poster.PostAsync(Channel, Nudge, "s7:2026-03-02T09:00Z", Token);

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        var request = Assert.Single(_slack.Requests);
        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal("Bearer xoxb-fake", request.Authorization);
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
    public async Task A_429_asking_for_a_longer_wait_than_is_worth_holding_is_handed_back_at_once()
    {
        _slack.RateLimit("chat.postMessage", retryAfterSeconds: 600);

        var posting = Poster.PostAsync(Channel, Nudge, "k1", Token);
        var held = _time.TimerCreated(TimeSpan.FromSeconds(600), Token);

        Assert.Same(posting, await Task.WhenAny(posting, held));
        var result = await posting;
        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
        Assert.Empty(_slack.Posted);
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

    /// <summary>Waits for the poster's jittered backoff after each of <paramref name="backoffs"/> ambiguous attempts and lets it pass.</summary>
    private async Task<PostResult> DriveBackoffsAsync(Task<PostResult> posting, int backoffs)
    {
        for (var attempt = 1; attempt <= backoffs; attempt++)
        {
            var due = await _time.TimerCreatedWithin(ExactlyOncePolicy.RetryDelay(attempt, 0), ExactlyOncePolicy.RetryDelay(attempt, 1), Token);
            Assert.False(posting.IsCompleted);
            _time.Advance(due);
        }

        return await posting;
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_server_error_after_slack_posted_is_found_by_its_key_and_not_posted_again(int status)
    {
        _slack.PostThenFail(status);

        var result = await DriveBackoffsAsync(Poster.PostAsync(Channel, Nudge, "s7:occ-1", Token), backoffs: 1);

        var posted = Assert.Single(_slack.Posted);
        Assert.Equal(PostResult.Posted(posted.Ts), result);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
        Assert.Equal(1, _slack.CountCalls("/api/conversations.history"));
    }

    [Fact]
    public async Task A_timeout_after_slack_posted_is_found_by_its_key_and_not_posted_again()
    {
        _slack.PostThenFail(0);

        var posting = Poster.PostAsync(Channel, Nudge, "s7:occ-1", Token);
        // Polly arms the attempt timeout (a pooled CancellationTokenSource, re-armed with CancelAfter, so no new
        // timer to wait for) before it sends; once the fake has the request, advancing the clock times it out.
        await _slack.WaitForAsync(r => r.Path == "/api/chat.postMessage", Token);
        _time.Advance(AttemptTimeout);
        var result = await DriveBackoffsAsync(posting, backoffs: 1);

        var posted = Assert.Single(_slack.Posted);
        Assert.Equal(PostResult.Posted(posted.Ts), result);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
    }

    [Fact]
    public async Task A_server_error_without_a_post_is_looked_up_then_posted_once_more()
    {
        _slack.FailStatus("chat.postMessage", 500, times: 1);

        var result = await DriveBackoffsAsync(Poster.PostAsync(Channel, Nudge, "s7:occ-1", Token), backoffs: 1);

        var posted = Assert.Single(_slack.Posted);
        Assert.Equal(PostResult.Posted(posted.Ts), result);
        Assert.Equal("s7:occ-1", posted.Json["metadata"]?["event_payload"]?["key"]?.GetValue<string>());
        Assert.Equal(
            ["/api/chat.postMessage", "/api/conversations.history", "/api/chat.postMessage"],
            _slack.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task On_its_own_the_poster_makes_one_attempt_and_calls_a_server_error_ambiguous()
    {
        _slack.FailStatus("chat.postMessage", 503);
        var poster = _services.GetRequiredService<SlackNudgePoster>();

        var result = await poster.PostAsync(Channel, Nudge, "k1", Token);

        Assert.Equal(PostResult.Ambiguous("Slack answered HTTP 503"), result);
        Assert.Equal(["/api/chat.postMessage"], _slack.Requests.Select(r => r.Path));
        Assert.Equal(new DeliveryGuarantees(TimeSpan.Zero, FindsPostsByKey: true), poster.Guarantees);
    }

    [Fact]
    public async Task Repeated_server_errors_stop_after_a_bounded_number_of_posts_as_transient()
    {
        _slack.FailStatus("chat.postMessage", 503);

        var result = await DriveBackoffsAsync(Poster.PostAsync(Channel, Nudge, "k1", Token), backoffs: ExactlyOncePolicy.MaxPostAttempts);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Contains("not posted after 3 attempts", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExactlyOncePolicy.MaxPostAttempts, _slack.CountCalls("/api/chat.postMessage"));
        Assert.Empty(_slack.Posted);
    }

    [Fact]
    public async Task Repeated_failures_after_posting_still_leave_one_message()
    {
        _slack.PostThenFail(500, times: ExactlyOncePolicy.MaxPostAttempts);

        var result = await DriveBackoffsAsync(Poster.PostAsync(Channel, Nudge, "k1", Token), backoffs: 1);

        Assert.Equal(PostResult.Posted(Assert.Single(_slack.Posted).Ts), result);
    }

    [Fact]
    public async Task When_the_lookup_is_impossible_the_post_is_transient_and_not_resent()
    {
        _slack.PostThenFail(500);
        _slack.FailWith("conversations.history", "missing_scope");

        var result = await DriveBackoffsAsync(Poster.PostAsync(Channel, Nudge, "k1", Token), backoffs: 1);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Contains("unknown whether Slack posted it", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _slack.CountCalls("/api/chat.postMessage"));
        Assert.Single(_slack.Posted);
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

    /// <summary>What the dispatcher does with the registered poster: one <see cref="ExactlyOncePolicy.PostAsync"/> a nudge.</summary>
    private sealed class PolicyDrivenPoster(SlackNudgePoster poster, ExactlyOncePolicy policy)
    {
        public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken) =>
            policy.PostAsync(poster, channelId, message, idempotencyKey, cancellationToken);

        public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
            poster.CheckChannelAsync(tenantId, channelId, cancellationToken);

        public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
            poster.FindPostedAsync(channelId, idempotencyKey, since, cancellationToken);
    }
}
