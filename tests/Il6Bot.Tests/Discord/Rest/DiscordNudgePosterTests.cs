using Il6Bot.Commands;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Discord.Rest;

/// <summary>The Discord nudge poster as the scheduler gets it from the real host, against the fake API.</summary>
public sealed class DiscordNudgePosterTests : IAsyncLifetime
{
    private const string Token = "nudge-bot-token-SECRET";
    private readonly CapturingLoggerProvider _logs = new();
    private FakeDiscordApi _fake = null!;
    private BotHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DiscordNudgePoster Poster => (DiscordNudgePoster)_host.Services.GetServices<INudgePoster>().Single(p => p.Platform == Il6Bot.Commands.Platform.Discord);

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeDiscordApi.StartAsync();
        _fake.Channels["100"] = ("900", 0);
        _fake.Channels["101"] = ("900", 2); // a voice channel
        _fake.Channels["102"] = ("901", 0); // another server's channel
        _host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Discord:BotToken"] = Token,
                ["Discord:ApplicationId"] = "123",
                ["Discord:PublicKey"] = new string('b', 64),
                ["Discord:ApiBaseUrl"] = _fake.ApiBaseUrl,
                ["Logging:LogLevel:Default"] = "Trace",
            },
            builder => builder.Logging.AddProvider(_logs),
            cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task A_nudge_is_posted_with_an_embed_the_nonce_and_enforce_nonce()
    {
        var result = await Poster.PostAsync("100", Nudge(), "sched-7:2026-03-02T09:00", Ct);

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        var post = Assert.Single(ChannelRequests(), r => r.Method == "POST");
        Assert.Equal("/channels/100/messages", post.Path);
        Assert.Equal("Bot " + Token, post.Authorization);
        Assert.Equal("sched-7:2026-03-02T09:00", post.Json.GetProperty("nonce").GetString());
        Assert.True(post.Json.GetProperty("enforce_nonce").GetBoolean());
        Assert.Equal("Train today", post.Json.GetProperty("embeds")[0].GetProperty("title").GetString());
        Assert.False(post.Json.TryGetProperty("flags", out _));
        Assert.Equal(0, post.Json.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task Reposting_the_same_occurrence_creates_one_message()
    {
        var first = await Poster.PostAsync("100", Nudge(), "same-key", Ct);
        var second = await Poster.PostAsync("100", Nudge(), "same-key", Ct);

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(1, _fake.MessagesCreated);
    }

    [Fact]
    public async Task Each_part_of_a_nudge_too_long_for_one_message_has_its_own_nonce_so_every_part_is_posted()
    {
        // enforce_nonce hands back the earlier message for a repeated nonce: parts sharing one would be dropped.
        var body = string.Join("\n\n", Enumerable.Range(1, 90).Select(i => $"Paragraph {i}: " + new string('x', 90)));
        var nudge = new Reply("Train today", MarkdownMessageParser.Parse(body), [], null, Ephemeral: false);
        var parts = DiscordReplyRenderer.Render(nudge).Count;
        Assert.True(parts > 1);

        var result = await Poster.PostAsync("100", nudge, "long-key", Ct);

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        var nonces = ChannelRequests().Where(r => r.Method == "POST").Select(r => r.Json.GetProperty("nonce").GetString()).ToList();
        Assert.Equal(parts, nonces.Distinct().Count());
        Assert.Equal(parts, _fake.MessagesCreated);
    }

    [Fact]
    public async Task A_key_longer_than_25_characters_is_hashed_into_the_nonce()
    {
        var key = "schedule-0123456789abcdef:2026-03-02T09:00:00+01:00";

        await Poster.PostAsync("100", Nudge(), key, Ct);

        var nonce = ChannelRequests().Single(r => r.Method == "POST").Json.GetProperty("nonce").GetString()!;
        Assert.Equal(25, nonce.Length);
        Assert.Equal(DiscordNudgePoster.Nonce(key, 0), nonce);
        Assert.NotEqual(DiscordNudgePoster.Nonce(key + "x", 0), nonce);
    }

    [Fact]
    public async Task A_429_then_success_posts_exactly_one_message()
    {
        _fake.Script429("POST /channels/100/messages", retryAfter: 0.05);

        var result = await Poster.PostAsync("100", Nudge(), "k429", Ct);

        Assert.Equal(PostOutcome.Posted, result.Outcome);
        Assert.Equal([429, 200], ChannelRequests().Select(r => r.Status));
        Assert.Equal(1, _fake.MessagesCreated);
    }

    [Theory]
    [InlineData(403, 50001, "Missing Access")]
    [InlineData(403, 50013, "Missing Permissions")]
    [InlineData(404, 10003, "Unknown Channel")]
    [InlineData(403, 0, "permissions")]
    public async Task Access_problems_are_permanent_and_not_retried(int status, int code, string reason)
    {
        _fake.Script("POST /channels/100/messages", status, $$"""{"message":"nope","code":{{code}}}""", times: 10);

        var result = await Poster.PostAsync("100", Nudge(), "k403", Ct);

        Assert.Equal(PostOutcome.PermanentFailure, result.Outcome);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Single(ChannelRequests());
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported_as_transient()
    {
        _fake.Script("POST /channels/100/messages", 503, """{"message":"unavailable","code":0}""", times: 10);

        var result = await Poster.PostAsync("100", Nudge(), "k503", Ct);

        Assert.Equal(PostOutcome.TransientFailure, result.Outcome);
        Assert.Equal(4, ChannelRequests().Count); // one try and three retries, no more
    }

    [Fact]
    public void It_declares_the_nonce_window_and_no_lookup() =>
        Assert.Equal(new DeliveryGuarantees(TimeSpan.FromMinutes(5), FindsPostsByKey: false), Poster.Guarantees);

    [Fact]
    public async Task Channel_checks_say_what_to_do()
    {
        Assert.True((await Poster.CheckChannelAsync("900", "100", Ct)).CanPost);

        var unknown = await Poster.CheckChannelAsync("900", "404404", Ct);
        Assert.False(unknown.CanPost);
        Assert.Contains("Add me to that channel", unknown.Problem, StringComparison.Ordinal);

        Assert.Contains("text or announcement", (await Poster.CheckChannelAsync("900", "101", Ct)).Problem, StringComparison.Ordinal);
        Assert.Contains("another server", (await Poster.CheckChannelAsync("900", "102", Ct)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_checks_compute_the_bots_permissions_from_roles_and_overwrites()
    {
        // Guild 900: @everyone may view, send and embed; the bot (user 555) has role 71 ("Bots", no extra bits).
        _fake.Guilds["900"] = ("1", """[{"id":"900","permissions":"19456"},{"id":"71","permissions":"0"},{"id":"72","permissions":"8"}]""");
        _fake.Members["900/555"] = ["71"];
        _fake.Channels["110"] = ("900", 0); // no overwrites
        _fake.Channels["111"] = ("900", 5); // announcements: @everyone may not send, the bot's role may
        _fake.ChannelOverwrites["111"] = """[{"id":"900","type":0,"allow":"0","deny":"2048"},{"id":"71","type":0,"allow":"2048","deny":"0"}]""";
        _fake.Channels["112"] = ("900", 0); // read-only for everyone, and the bot's role cannot embed
        _fake.ChannelOverwrites["112"] = """[{"id":"900","type":0,"allow":"0","deny":"2048"},{"id":"71","type":0,"allow":"0","deny":"16384"}]""";
        _fake.Channels["113"] = ("900", 0); // hidden from the bot itself
        _fake.ChannelOverwrites["113"] = """[{"id":"555","type":1,"allow":"0","deny":"1024"}]""";

        Assert.True((await Poster.CheckChannelAsync("900", "110", Ct)).CanPost);
        Assert.True((await Poster.CheckChannelAsync("900", "111", Ct)).CanPost);
        var readOnly = await Poster.CheckChannelAsync("900", "112", Ct);
        Assert.False(readOnly.CanPost);
        Assert.Contains("missing Send Messages, Embed Links", readOnly.Problem, StringComparison.Ordinal);
        Assert.Contains("missing View Channel", (await Poster.CheckChannelAsync("900", "113", Ct)).Problem, StringComparison.Ordinal);

        // The bot's user id is asked for once; guild and member on every check (roles change).
        Assert.Single(_fake.Requests, r => r.Path == "/users/@me");
        Assert.Equal(4, _fake.Requests.Count(r => r.Path == "/guilds/900/members/555"));

        // An administrator role overrides every overwrite.
        _fake.Members["900/555"] = ["71", "72"];
        Assert.True((await Poster.CheckChannelAsync("900", "113", Ct)).CanPost);
    }

    [Fact]
    public async Task When_Discord_will_not_say_the_bots_roles_the_check_does_not_block()
    {
        _fake.Channels["120"] = ("900", 0); // guild 900 unknown to the fake: GET /guilds/900 is 404

        Assert.True((await Poster.CheckChannelAsync("900", "120", Ct)).CanPost);
    }

    [Fact]
    public async Task Lookup_is_unknown_because_Discord_dedupes_by_nonce_itself() =>
        Assert.Equal(Il6Bot.Features.Nudges.Delivery.LookupOutcome.Unknown, (await Poster.FindPostedAsync("100", "k", DateTimeOffset.UnixEpoch, Ct)).Outcome);

    [Fact]
    public async Task The_bot_token_never_appears_in_a_log_line()
    {
        _fake.Script("POST /channels/100/messages", 403, """{"message":"Missing Access","code":50001}""");
        _fake.Script429("POST /channels/100/messages", 0.01);
        await Poster.PostAsync("100", Nudge(), "a", Ct);
        await Poster.PostAsync("100", Nudge(), "b", Ct);
        await Poster.CheckChannelAsync("900", "404404", Ct);

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(Token, StringComparison.Ordinal));
    }

    /// <summary>Ignores the command registration the host also sends on start.</summary>
    private List<DiscordRecordedRequest> ChannelRequests() => _fake.Requests.Where(r => r.Path.StartsWith("/channels/", StringComparison.Ordinal)).ToList();

    private static Reply Nudge() =>
        new("Train today", MarkdownMessageParser.Parse("Two to three strength sessions a week. See `/il6 how`."), [], "Nudge 3 of 19", Ephemeral: true);
}

/// <summary>Collects every formatted log line of a host (all categories, all levels).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
