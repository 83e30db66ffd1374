using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Features.Insights;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Features.Il6;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Insights;

/// <summary><c>/insights</c> and its reset: moderators only, private, the report's wording, and a reset only once confirmed.</summary>
public sealed class InsightsCommandTests : IDisposable
{
    private static readonly InsightsTenant Guild = new(Platform.Discord, "guild-1");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 7, 30, 0, TimeSpan.Zero));
    private readonly InsightsRecorder _recorder;
    private readonly InMemoryInsightsStore _store;
    private readonly InsightsFlusher _flusher;
    private readonly InsightsCommandHandler _handler;
    private readonly ButtonRouter _router;

    public InsightsCommandTests()
    {
        _recorder = new InsightsRecorder(_clock);
        _store = new InMemoryInsightsStore(_clock);
        _flusher = new InsightsFlusher(_recorder, _store, Options.Create(new InsightsOptions()), _clock, NullLogger<InsightsFlusher>.Instance);
        var resetter = new InsightsResetter(_recorder, _store, _flusher);
        _handler = new InsightsCommandHandler(_store, _flusher, resetter, new FixedContentStore(ArticleFixture.Snapshot), _clock, NullLogger<InsightsCommandHandler>.Instance);
        _router = new ButtonRouter([new ResetInsightsButtonHandler(resetter)], NullLogger<ButtonRouter>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _flusher.Dispose();

    private static CommandRequest Request(string? subcommand, bool moderator = true, string? confirm = null) =>
        new(Platform.Discord, "guild-1", "chan-1", "mod-1", moderator, "insights", subcommand,
            confirm is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [InsightsCommandHandler.ConfirmOption] = confirm });

    [Fact]
    public void Registered_like_nudge_moderators_only()
    {
        Assert.True(_handler.Spec.ModeratorOnly);
        Assert.Equal(["show", "reset"], _handler.Spec.Subcommands.Select(s => s.Name));
    }

    [Fact]
    public async Task Non_moderators_are_refused_privately_and_see_nothing()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");

        var reply = await _handler.HandleAsync(Request("show", moderator: false), Ct);

        Assert.True(reply.Ephemeral);
        Assert.StartsWith("Only moderators can use /insights", PlainText.Render(reply), StringComparison.Ordinal);
        Assert.DoesNotContain("benefits", PlainText.Render(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_shows_the_last_7_and_30_days_privately()
    {
        await _store.AddAsync(new(
            [
                new(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 20), InsightsMetric.SectionByCommand, "what", 4),
                new(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 20), InsightsMetric.NudgePosted, "n1/n-lift-to-release", 2),
                new(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 20), InsightsMetric.SectionByReadMore, "benefits", 1),
                new(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 20), InsightsMetric.NudgeReadMore, "n1/n-lift-to-release", 1),
            ],
            [new(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 20), "sauna", 2, new DateTimeOffset(2026, 11, 20, 18, 5, 0, TimeSpan.Zero))]), Ct);
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionBySearch, "benefits");
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByReadMore, "benefits");
        _recorder.NudgeReadMoreClicked(Platform.Discord, "guild-1", "n1", "n-lift-to-release");
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.Share, "benefits");
        _recorder.NudgePosted(Platform.Discord, "guild-1", "n1", "n-lift-to-release");
        _recorder.NudgePosted(Platform.Discord, "guild-1", "manual", "n-two-to-three");
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "Creatine dose");
        _recorder.SectionShown(Platform.Discord, "guild-2", InsightsMetric.SectionByCommand, "elsewhere");

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.True(reply.Ephemeral);
        Assert.Equal(InsightsReport.Title, reply.Title);
        Assert.Equal(
            """
            Last 7 days

            - Top topics: benefits 3 (1 command, 1 search, 1 read more)
            - Searches with no good match: “creatine dose” ×1 (last 2026-12-05 07:30 UTC)
            - Nudge posts and Read more clicks by schedule: n1 1 post, 1 click, 100% click-through, /nudge send 1 post, 0 clicks, 0% click-through
            - Read more by nudge text: n-lift-to-release → benefits: 1 post, 1 click, 100% click-through, n-two-to-three → how: 1 post, 0 clicks, 0% click-through
            - Shares: 1 (benefits 1)

            Last 30 days

            - Top topics: benefits 4 (1 command, 1 search, 2 read more), what 4 (4 command)
            - Searches with no good match: “sauna” ×2 (last 2026-11-20 18:05 UTC), “creatine dose” ×1 (last 2026-12-05 07:30 UTC)
            - Nudge posts and Read more clicks by schedule: n1 3 posts, 2 clicks, 66% click-through, /nudge send 1 post, 0 clicks, 0% click-through
            - Read more by nudge text: n-lift-to-release → benefits: 3 posts, 2 clicks, 66% click-through, n-two-to-three → how: 1 post, 0 clicks, 0% click-through
            - Shares: 1 (benefits 1)

            /insights reset clears these counts (after a confirmation).
            """.ReplaceLineEndings("\n"),
            PlainText.Render(reply.Body));
    }

    [Fact]
    public async Task Reset_asks_first_and_clears_nothing_until_the_button_is_clicked()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        await _flusher.FlushAsync(Ct);
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "not yet flushed");
        _recorder.SectionShown(Platform.Discord, "guild-2", InsightsMetric.SectionByCommand, "benefits");

        var asked = await _handler.HandleAsync(Request("reset"), Ct);

        Assert.True(asked.Ephemeral);
        Assert.Equal(InsightsCommandHandler.ConfirmText(CommandRequest.DefaultTenantNoun), PlainText.Render(asked.Body));
        var button = Assert.Single(asked.Buttons);
        Assert.Equal(new ButtonAction(ButtonKind.ResetInsights, ""), button.Action);
        Assert.Equal("/insights reset confirm", button.Action.Command);
        Assert.Equal(1, (await _store.ReadAsync(new(Platform.Discord, "guild-1"), new DateOnly(2026, 12, 5), Ct)).Of(InsightsMetric.SectionByCommand, "benefits"));

        var answer = await _router.HandleAsync(new ButtonClick(Platform.Discord, "guild-1", "chan-1", "mod-1", IsModerator: true, button.Id, OnPrivateMessage: true, "click-1"), Ct);

        Assert.Equal(ClickDelivery.ReplacePrivateMessage, answer.Delivery);
        Assert.StartsWith("Cleared this server's insights: 1 daily count of topics read", PlainText.Render(answer.Reply.Body), StringComparison.Ordinal);
        await _flusher.FlushAsync(Ct);
        var after = await _store.ReadAsync(new(Platform.Discord, "guild-1"), new DateOnly(2026, 11, 1), Ct);
        Assert.Empty(after.Metrics);
        Assert.Empty(after.Searches);
        Assert.Equal(1, (await _store.ReadAsync(new(Platform.Discord, "guild-2"), new DateOnly(2026, 12, 5), Ct)).Of(InsightsMetric.SectionByCommand, "benefits"));
    }

    [Fact]
    public async Task A_non_moderator_clicking_the_reset_button_clears_nothing()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        await _flusher.FlushAsync(Ct);
        var id = ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, ""));

        var answer = await _router.HandleAsync(new ButtonClick(Platform.Discord, "guild-1", "chan-1", "member-1", IsModerator: false, id, OnPrivateMessage: false), Ct);

        Assert.StartsWith("Only moderators can use /insights", PlainText.Render(answer.Reply.Body), StringComparison.Ordinal);
        Assert.Equal(1, (await _store.ReadAsync(new(Platform.Discord, "guild-1"), new DateOnly(2026, 12, 5), Ct)).Of(InsightsMetric.SectionByCommand, "benefits"));
    }

    [Fact]
    public async Task Typing_the_confirmed_command_clears_as_the_button_does()
    {
        _recorder.SectionShown(Platform.Console, "local", InsightsMetric.SectionByCommand, "benefits");
        await _flusher.FlushAsync(Ct);

        var reply = await _handler.HandleAsync(Request("reset", confirm: "confirm") with { Platform = Platform.Console, TenantId = "local" }, Ct);

        Assert.StartsWith("Cleared this server's insights: 1 daily count", PlainText.Render(reply.Body), StringComparison.Ordinal);
        Assert.Empty((await _store.ReadAsync(new(Platform.Console, "local"), new DateOnly(2026, 12, 5), Ct)).Metrics);
    }

    [Fact]
    public async Task A_store_outage_answers_plainly()
    {
        _store.Unavailable = true;
        var engine = new CommandEngine([_handler], TestMetrics.New(), NullLogger<CommandEngine>.Instance);

        var reply = await engine.HandleAsync(Request("show"), Ct);

        Assert.Equal(CommandEngine.StoreUnavailableText, PlainText.Render(reply.Body));
    }

    [Fact]
    public async Task The_last_7_days_are_today_and_the_6_before_and_the_last_30_today_and_the_29_before()
    {
        await _store.AddAsync(new(
            [
                Count(daysAgo: 6, InsightsMetric.SectionByCommand, "how", 1),
                Count(daysAgo: 7, InsightsMetric.SectionByCommand, "what", 1),
                Count(daysAgo: 29, InsightsMetric.SectionByCommand, "benefits", 1),
                Count(daysAgo: 30, InsightsMetric.SectionByCommand, "dose", 1),
            ],
            []), Ct);

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal(
            ["- Top topics: how 1 (1 command)", "- Top topics: benefits 1 (1 command), how 1 (1 command), what 1 (1 command)"],
            Lines(reply, "- Top topics: "));
    }

    [Fact]
    public async Task Top_topics_and_shares_list_the_five_largest_first_and_the_share_total_counts_them_all()
    {
        var topics = Enumerable.Range(1, InsightsReport.TopCount + 1).ToList();
        await _store.AddAsync(new(
            [
                .. topics.Select(i => Count(daysAgo: 0, InsightsMetric.SectionByCommand, $"t{i}", i)),
                .. topics.Select(i => Count(daysAgo: 0, InsightsMetric.Share, $"t{i}", i)),
            ],
            []), Ct);

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal("- Top topics: t6 6 (6 command), t5 5 (5 command), t4 4 (4 command), t3 3 (3 command), t2 2 (2 command)", Lines(reply, "- Top topics: ")[0]);
        Assert.Equal("- Shares: 21 (t6 6, t5 5, t4 4, t3 3, t2 2)", Lines(reply, "- Shares: ")[0]);
    }

    [Fact]
    public async Task Searches_asked_as_often_list_the_latest_asked_first()
    {
        var today = new DateOnly(2026, 12, 5);
        await _store.AddAsync(new(
            [],
            [
                new(Guild, today, "cold plunge", 2, new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero)),
                new(Guild, today, "sauna", 2, new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero)),
                new(Guild, today, "zone 2", 3, new DateTimeOffset(2026, 12, 5, 5, 0, 0, TimeSpan.Zero)),
            ]), Ct);

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal(
            "- Searches with no good match: “zone 2” ×3 (last 2026-12-05 05:00 UTC), “sauna” ×2 (last 2026-12-05 07:00 UTC), “cold plunge” ×2 (last 2026-12-05 06:00 UTC)",
            Lines(reply, "- Searches with no good match: ")[0]);
    }

    [Fact]
    public async Task A_search_that_looks_like_markup_is_shown_as_typed_never_as_a_link_or_emphasis()
    {
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "[free](https://evil.example) **now** <https://x.example> &amp; `x`");

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal(
            "- Searches with no good match: “[free](https://evil.example) **now** <https://x.example> &amp; `x`” ×1 (last 2026-12-05 07:30 UTC)",
            Lines(reply, "- Searches with no good match: ")[0]);
        var searches = reply.Body.Blocks.OfType<ListBlock>().SelectMany(l => l.Items).Select(item => Assert.IsType<ParagraphBlock>(Assert.Single(item)))
            .First(p => PlainText.Render(new MessageDocument([p])).StartsWith("Searches with no good match", StringComparison.Ordinal));
        Assert.IsType<TextInline>(Assert.Single(searches.Inlines));
    }

    [Fact]
    public async Task Schedules_are_listed_by_number_and_nudge_send_last()
    {
        await _store.AddAsync(new(
            [
                Count(daysAgo: 0, InsightsMetric.NudgePosted, "n10/n-two-to-three", 1),
                Count(daysAgo: 0, InsightsMetric.NudgePosted, "manual/n-two-to-three", 1),
                Count(daysAgo: 0, InsightsMetric.NudgePosted, "n2/n-lift-to-release", 1),
            ],
            []), Ct);

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal(
            "- Nudge posts and Read more clicks by schedule: n2 1 post, 0 clicks, 0% click-through, n10 1 post, 0 clicks, 0% click-through, /nudge send 1 post, 0 clicks, 0% click-through",
            Lines(reply, "- Nudge posts and Read more clicks by schedule: ")[0]);
    }

    [Fact]
    public async Task A_click_in_the_window_on_a_nudge_posted_before_it_is_listed_with_0_posts()
    {
        await _store.AddAsync(new(
            [
                Count(daysAgo: 8, InsightsMetric.NudgePosted, "n1/n-lift-to-release", 1),
                Count(daysAgo: 0, InsightsMetric.NudgeReadMore, "n1/n-lift-to-release", 1),
            ],
            []), Ct);

        var reply = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Equal(
            ["- Nudge posts and Read more clicks by schedule: n1 0 posts, 1 click", "- Nudge posts and Read more clicks by schedule: n1 1 post, 1 click, 100% click-through"],
            Lines(reply, "- Nudge posts and Read more clicks by schedule: "));
        Assert.Equal(
            ["- Read more by nudge text: n-lift-to-release → benefits: 0 posts, 1 click", "- Read more by nudge text: n-lift-to-release → benefits: 1 post, 1 click, 100% click-through"],
            Lines(reply, "- Read more by nudge text: "));
    }

    [Fact]
    public async Task The_reset_button_in_a_store_outage_says_nothing_was_cleared_in_place_of_the_question()
    {
        _store.Unavailable = true;
        var id = ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, ""));

        var answer = await _router.HandleAsync(new ButtonClick(Platform.Discord, "guild-1", "chan-1", "mod-1", IsModerator: true, id, OnPrivateMessage: true, "click-1"), Ct);

        Assert.Equal(ClickDelivery.ReplacePrivateMessage, answer.Delivery);
        Assert.Equal("The store is unavailable right now, so nothing was cleared. Please try again in a few minutes.", PlainText.Render(answer.Reply.Body));
    }

    [Fact]
    public async Task A_reset_that_cannot_reach_the_store_keeps_the_counts_not_yet_written()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "sauna");
        _store.Unavailable = true;
        var id = ButtonId.Encode(new ButtonAction(ButtonKind.ResetInsights, ""));

        var answer = await _router.HandleAsync(new ButtonClick(Platform.Discord, "guild-1", "chan-1", "mod-1", IsModerator: true, id, OnPrivateMessage: true, "click-1"), Ct);
        _store.Unavailable = false;
        var report = await _handler.HandleAsync(Request("show"), Ct);

        Assert.Contains("nothing was cleared", PlainText.Render(answer.Reply.Body), StringComparison.Ordinal);
        Assert.Equal("- Top topics: benefits 1 (1 command)", Lines(report, "- Top topics: ")[0]);
        Assert.StartsWith("- Searches with no good match: “sauna” ×1", Lines(report, "- Searches with no good match: ")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_while_a_flush_is_writing_waits_for_it_so_the_counts_it_wrote_are_cleared_too()
    {
        var store = new PausedWrites(_store);
        using var flusher = new InsightsFlusher(_recorder, store, Options.Create(new InsightsOptions()), _clock, NullLogger<InsightsFlusher>.Instance);
        var resetter = new InsightsResetter(_recorder, store, flusher);
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");

        var flush = flusher.FlushAsync(Ct);
        await store.WriteStarted.Task.WaitAsync(Ct);
        var reset = resetter.ResetAsync(Guild, Ct);
        store.Release.SetResult();
        await flush;
        var cleared = await reset;

        Assert.Equal(new InsightsCleared(1, 0), cleared);
        Assert.Empty((await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct)).Metrics);
    }

    /// <summary>Holds each write until the test releases it, so a reset can arrive while a flush is writing.</summary>
    private sealed class PausedWrites(IInsightsStore inner) : IInsightsStore
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task AddAsync(InsightsBatch batch, CancellationToken cancellationToken)
        {
            WriteStarted.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            await inner.AddAsync(batch, cancellationToken);
        }

        public Task<InsightsTotals> ReadAsync(InsightsTenant tenant, DateOnly fromDay, CancellationToken cancellationToken) =>
            inner.ReadAsync(tenant, fromDay, cancellationToken);

        public Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken) =>
            inner.ResetAsync(tenant, cancellationToken);
    }

    private static InsightsCount Count(int daysAgo, InsightsMetric metric, string name, long count) =>
        new(Guild, new DateOnly(2026, 12, 5).AddDays(-daysAgo), metric, name, count);

    /// <summary>The report's lines that start with <paramref name="prefix"/>: the last 7 days' first, then the last 30 days'.</summary>
    private static List<string> Lines(Reply reply, string prefix) =>
        [.. PlainText.Render(reply.Body).Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];
}
