using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Features.Il6;
using Il6Bot.Features.Insights;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Features.Il6;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>Where counts come from: <c>/il6</c> answers by how they were reached, and clicks by kind.</summary>
public sealed class InsightsRecordingPointsTests
{
    private static readonly InsightsTenant Guild = new(Platform.Discord, "g1");

    private readonly InsightsRecorder _recorder = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero)));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Il6_counts_sections_by_command_and_by_search_and_unanswered_searches_but_not_the_overview()
    {
        var handler = new Il6CommandHandler(new FixedContentStore(ArticleFixture.Snapshot), ArticleFixture.Replies, TestMetrics.New(), _recorder);

        foreach (var topic in new[] { "benefits", "benefits", "how many workouts a week", "insullin sensitivty", "xyzzy", "help" })
        {
            await handler.HandleAsync(Request(topic), Ct);
        }

        await handler.HandleAsync(Request(null), Ct);

        var batch = _recorder.TakePending();
        Assert.Equal(
            [("benefits", InsightsMetric.SectionByCommand, 2L), ("how", InsightsMetric.SectionBySearch, 1L)],
            batch.Counts.Select(c => (c.Name, c.Metric, c.Count)).OrderBy(c => c.Name));
        Assert.Equal(["insullin sensitivty", "xyzzy"], batch.Searches.Select(s => s.Query).Order());
        Assert.All(batch.Counts, c => Assert.Equal(Guild, c.Tenant));
    }

    [Theory]
    [InlineData(ButtonKind.Topic, InsightsMetric.SectionByButton)]
    [InlineData(ButtonKind.ReadMore, InsightsMetric.SectionByReadMore)]
    [InlineData(ButtonKind.Share, InsightsMetric.Share)]
    public async Task A_click_counts_its_topic_by_kind(ButtonKind kind, InsightsMetric metric)
    {
        var router = new ButtonRouter([new Il6ButtonHandler(new FixedContentStore(ArticleFixture.Snapshot), ArticleFixture.Replies, _recorder)], NullLogger<ButtonRouter>.Instance);

        await router.HandleAsync(new ButtonClick(Platform.Discord, "g1", "c1", "u1", false, ButtonId.Encode(new ButtonAction(kind, "how")), false), Ct);
        await router.HandleAsync(new ButtonClick(Platform.Discord, "g1", "c1", "u1", false, ButtonId.Encode(new ButtonAction(kind, "removed-topic")), false), Ct);

        var count = Assert.Single(_recorder.TakePending().Counts);
        Assert.Equal(new InsightsCount(Guild, new DateOnly(2026, 12, 5), metric, "how", 1), count);
    }

    [Fact]
    public async Task A_nudges_Read_more_counts_its_topic_and_the_schedule_and_nudge_that_posted_it()
    {
        var router = new ButtonRouter([new Il6ButtonHandler(new FixedContentStore(ArticleFixture.Snapshot), ArticleFixture.Replies, _recorder)], NullLogger<ButtonRouter>.Instance);
        var readMore = new ButtonAction(ButtonKind.NudgeReadMore, new NudgeReadMoreTarget("how", "n-two-to-three", "n7").ToString());

        var answer = await router.HandleAsync(new ButtonClick(Platform.Discord, "g1", "c1", "u1", false, ButtonId.Encode(readMore), false), Ct);

        Assert.Equal(ClickDelivery.PrivateMessage, answer.Delivery);
        Assert.Equal(
            [
                new InsightsCount(Guild, new DateOnly(2026, 12, 5), InsightsMetric.NudgeReadMore, "n7/n-two-to-three", 1),
                new InsightsCount(Guild, new DateOnly(2026, 12, 5), InsightsMetric.SectionByReadMore, "how", 1),
            ],
            _recorder.TakePending().Counts.OrderByDescending(c => c.Metric));
    }

    private static CommandRequest Request(string? topic) => new(
        Platform.Discord,
        "g1",
        "c1",
        "u1",
        IsModerator: false,
        "il6",
        null,
        topic is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["topic"] = topic });
}
