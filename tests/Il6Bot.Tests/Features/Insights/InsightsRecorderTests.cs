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
    public void After_forget_the_days_cap_on_distinct_searches_starts_again()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < IInsightsStore.MaxSearchesPerTenantDay; i++)
        {
            recorder.UnansweredSearch(Platform.Discord, "g1", $"query {i}");
        }

        recorder.Forget(new InsightsTenant(Platform.Discord, "g1"));
        recorder.UnansweredSearch(Platform.Discord, "g1", "sauna");

        Assert.Equal("sauna", Assert.Single(recorder.TakePending().Searches).Query);
        Assert.Equal(0, recorder.Dropped);
    }

    [Fact]
    public void Forget_keeps_the_same_id_on_another_platform()
    {
        // A Slack workspace and a Discord guild may share an id; resetting one must not drop the other's last seconds.
        var recorder = new InsightsRecorder(_clock);
        recorder.SectionShown(Platform.Discord, "T1", InsightsMetric.Share, "how");
        recorder.UnansweredSearch(Platform.Discord, "T1", "sauna");
        recorder.SectionShown(Platform.Slack, "T1", InsightsMetric.Share, "how");
        recorder.UnansweredSearch(Platform.Slack, "T1", "sauna");

        recorder.Forget(new InsightsTenant(Platform.Slack, "T1"));

        var batch = recorder.TakePending();
        Assert.Equal(new InsightsTenant(Platform.Discord, "T1"), Assert.Single(batch.Counts).Tenant);
        Assert.Equal(new InsightsTenant(Platform.Discord, "T1"), Assert.Single(batch.Searches).Tenant);
    }

    [Fact]
    public void At_most_MaxPendingKeys_keys_are_kept_and_past_days_keys_make_room_again()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < InsightsRecorder.MaxPendingKeys; i++)
        {
            recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByCommand, $"topic-{i}");
        }

        // The bound is exactly MaxPendingKeys: every one of those is kept, the next new key is not.
        Assert.Equal(0, recorder.Dropped);
        recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByCommand, "one too many");
        Assert.Equal(1, recorder.Dropped);
        Assert.Equal(InsightsRecorder.MaxPendingKeys, recorder.TakePending().Counts.Count);

        // Nothing increments a past day's key, so a take two days on lets them go: a bot that runs for weeks keeps counting.
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.True(recorder.TakePending().IsEmpty);
        recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByCommand, "benefits");

        Assert.Equal(1, recorder.Dropped);
        Assert.Equal("benefits", Assert.Single(recorder.TakePending().Counts).Name);
    }

    [Fact]
    public void Yesterdays_keys_whose_counts_were_taken_do_not_keep_todays_first_counts_out()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < InsightsRecorder.MaxPendingKeys; i++)
        {
            recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByCommand, $"topic-{i}");
        }

        Assert.Equal(InsightsRecorder.MaxPendingKeys, recorder.TakePending().Counts.Count);
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 0, 1, 0, TimeSpan.Zero));
        recorder.SectionShown(Platform.Discord, "g", InsightsMetric.SectionByCommand, "benefits");

        Assert.Equal(0, recorder.Dropped);
        var count = Assert.Single(recorder.TakePending().Counts);
        Assert.Equal(("benefits", new DateOnly(2026, 12, 6)), (count.Name, count.Day));
    }

    [Fact]
    public void Only_counts_not_yet_taken_fill_the_bound_so_todays_taken_keys_make_room_too()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < InsightsRecorder.MaxPendingKeys; i++)
        {
            recorder.UnansweredSearch(Platform.Slack, $"T{i % 1000}", $"query {i}");
        }

        Assert.Equal(InsightsRecorder.MaxPendingKeys, recorder.TakePending().Searches.Count);
        recorder.SectionShown(Platform.Slack, "T1", InsightsMetric.SectionByCommand, "how");
        recorder.UnansweredSearch(Platform.Slack, "T1", "query 1");

        Assert.Equal(0, recorder.Dropped);
        var batch = recorder.TakePending();
        Assert.Equal("how", Assert.Single(batch.Counts).Name);
        Assert.Equal(1, Assert.Single(batch.Searches).Count);
    }

    [Fact]
    public void Forgetting_a_tenant_frees_its_pending_keys_for_others()
    {
        var recorder = new InsightsRecorder(_clock);
        for (var i = 0; i < InsightsRecorder.MaxPendingKeys; i++)
        {
            recorder.SectionShown(Platform.Discord, "busy", InsightsMetric.SectionByCommand, $"topic-{i}");
        }

        // A reset of the busy guild leaves room, or every other guild's counts would be dropped for the rest of the day.
        recorder.Forget(new InsightsTenant(Platform.Discord, "busy"));
        recorder.SectionShown(Platform.Discord, "g2", InsightsMetric.Share, "how");

        Assert.Equal(0, recorder.Dropped);
        Assert.Equal("g2", Assert.Single(recorder.TakePending().Counts).Tenant.TenantId);
    }

    [Fact]
    public void A_batch_put_back_after_a_refused_flush_keeps_the_latest_search_time()
    {
        var recorder = new InsightsRecorder(_clock);
        recorder.UnansweredSearch(Platform.Discord, "g", "sauna");
        var refused = recorder.TakePending();

        // Asked again while the refused batch was on its way to the store: the report's "last" is this later time.
        _clock.Advance(TimeSpan.FromMinutes(1));
        recorder.UnansweredSearch(Platform.Discord, "g", "sauna");
        recorder.Restore(refused);

        var search = Assert.Single(recorder.TakePending().Searches);
        Assert.Equal(2, search.Count);
        Assert.Equal(_clock.GetUtcNow(), search.LastAt);
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

    [Fact]
    public void A_query_cut_where_a_space_falls_does_not_end_in_the_space()
    {
        // "aaa… more" cut at the space must count as "aaa…", not as a different question "aaa… ".
        var text = new string('a', UnansweredQuery.MaxLength - 1) + " more";

        Assert.Equal(new string('a', UnansweredQuery.MaxLength - 1), UnansweredQuery.Normalise(text));
    }
}
