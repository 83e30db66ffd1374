using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Insights;

public sealed class InsightsRecorderTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_take_returns_the_increments_since_the_last_take_once()
    {
        var recorder = new InsightsRecorder(_clock);
        recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByButton, "how");
        recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByButton, "how");
        recorder.NudgePosted(Platform.Discord, "g", "n3", "hiit");

        var first = recorder.TakePending();
        var second = recorder.TakePending();

        Assert.Contains(new InsightsCount(new(Platform.Discord, "g"), new DateOnly(2026, 12, 5), InsightsMetric.SectionByButton, "how", 2), first.Counts);
        Assert.Contains(new InsightsCount(new(Platform.Discord, "g"), new DateOnly(2026, 12, 5), InsightsMetric.NudgePosted, "n3/hiit", 1), first.Counts);
        Assert.True(second.IsEmpty);
    }

    [Fact]
    public void Distinct_unanswered_searches_per_tenant_and_day_are_capped_repeats_still_count()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < IInsightsStore.MaxSearchesPerTenantDay + 30; i++)
        {
            recorder.UnansweredSearch(Platform.Slack, "T1", $"junk {i}");
        }

        recorder.UnansweredSearch(Platform.Slack, "T1", "junk 0");
        recorder.UnansweredSearch(Platform.Slack, "T2", "other workspace");
        var batch = recorder.TakePending();

        Assert.Equal(IInsightsStore.MaxSearchesPerTenantDay, batch.Searches.Count(s => s.Tenant.TenantId == "T1"));
        Assert.Equal(2, batch.Searches.Single(s => s.Query == "junk 0").Count);
        Assert.Single(batch.Searches, s => s.Tenant.TenantId == "T2");
        Assert.Equal(30, recorder.Dropped);

        // A new day has room again.
        _clock.Advance(TimeSpan.FromDays(1));
        recorder.UnansweredSearch(Platform.Slack, "T1", "fresh");
        Assert.Single(recorder.TakePending().Searches);
    }

    [Fact]
    public void Forget_drops_only_that_tenants_pending_counts()
    {
        var recorder = new InsightsRecorder(_clock);
        recorder.SectionShown(Platform.Discord, "g1", InsightsMetric.Share, "how");
        recorder.UnansweredSearch(Platform.Discord, "g1", "sauna");
        recorder.SectionShown(Platform.Discord, "g2", InsightsMetric.Share, "how");

        recorder.Forget(new InsightsTenant(Platform.Discord, "g1"));

        var batch = recorder.TakePending();
        Assert.Equal("g2", Assert.Single(batch.Counts).Tenant.TenantId);
        Assert.Empty(batch.Searches);
    }

    [Fact]
    public void Counting_a_key_already_seen_today_allocates_nothing()
    {
        var recorder = new InsightsRecorder(_clock);
        var tenant = new string("guild-1".AsSpan());
        for (var i = 0; i < 100; i++)
        {
            // The first calls also pay one-time costs (JIT tiers, comparers), as at start-up.
            recorder.SectionShown(Platform.Discord, tenant, InsightsMetric.SectionByCommand, "benefits");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            recorder.SectionShown(Platform.Discord, tenant, InsightsMetric.SectionByCommand, "benefits");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1100, Assert.Single(recorder.TakePending().Counts).Count);
    }

    [Theory]
    [InlineData("  Creatine \t DOSE  ", "creatine dose")]
    [InlineData("   ", null)]
    [InlineData("a\u0000b", "a b")]
    public void Queries_are_normalised(string text, string? expected) => Assert.Equal(expected, UnansweredQuery.Normalise(text));

    [Fact]
    public void Long_queries_are_cut_without_splitting_a_surrogate_pair()
    {
        var text = new string('a', UnansweredQuery.MaxLength - 1) + "🏋️ more";
        var query = UnansweredQuery.Normalise(text)!;

        Assert.True(query.Length <= UnansweredQuery.MaxLength);
        Assert.False(char.IsHighSurrogate(query[^1]));
    }
}
