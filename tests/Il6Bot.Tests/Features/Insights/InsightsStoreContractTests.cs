using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>
/// What every <see cref="IInsightsStore"/> does, run against each one by a subclass (SQLite, PostgreSQL, in memory):
/// <c>/insights</c> and the flusher rely on exactly this, whichever store they get.
/// </summary>
public abstract class InsightsStoreContractTests : IAsyncLifetime
{
    protected static readonly DateOnly Today = new(2026, 12, 5);

    protected static readonly InsightsTenant Guild = new(Platform.Discord, "guild-1");

    protected static readonly InsightsTenant OtherGuild = new(Platform.Discord, "guild-2");

    protected static readonly InsightsTenant SameIdOnSlack = new(Platform.Slack, "guild-1");

    private IInsightsStore? _store;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero));

    protected IInsightsStore Store => _store ?? throw new InvalidOperationException("not initialised");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _store is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }

    /// <summary>A migrated, empty store whose clock is <see cref="Clock"/>.</summary>
    protected abstract Task<IInsightsStore> CreateStoreAsync();

    private static InsightsCount Count(InsightsTenant tenant, int daysAgo, InsightsMetric metric, string name, long count) =>
        new(tenant, Today.AddDays(-daysAgo), metric, name, count);

    private static UnansweredSearchCount Search(InsightsTenant tenant, int daysAgo, string query, long count, int minute = 0) =>
        new(tenant, Today.AddDays(-daysAgo), query, count, new DateTimeOffset(Today.AddDays(-daysAgo), new TimeOnly(6, minute), TimeSpan.Zero));

    [Fact]
    public async Task Batches_add_up_per_day_and_a_read_sums_the_days_from_its_first()
    {
        await Store.AddAsync(new([Count(Guild, 0, InsightsMetric.SectionByCommand, "benefits", 2), Count(Guild, 8, InsightsMetric.SectionByCommand, "benefits", 5)], []), Ct);
        await Store.AddAsync(new([Count(Guild, 0, InsightsMetric.SectionByCommand, "benefits", 1), Count(Guild, 6, InsightsMetric.SectionByButton, "how", 4)], []), Ct);

        var week = await Store.ReadAsync(Guild, Today.AddDays(-6), Ct);
        var month = await Store.ReadAsync(Guild, Today.AddDays(-29), Ct);

        Assert.Equal(3, week.Of(InsightsMetric.SectionByCommand, "benefits"));
        Assert.Equal(4, week.Of(InsightsMetric.SectionByButton, "how"));
        Assert.Equal(8, month.Of(InsightsMetric.SectionByCommand, "benefits"));
        Assert.Equal(2, week.Metrics.Count);
    }

    [Fact]
    public async Task Tenants_are_kept_apart_also_across_platforms()
    {
        await Store.AddAsync(new(
            [Count(Guild, 0, InsightsMetric.Share, "how", 1), Count(OtherGuild, 0, InsightsMetric.Share, "how", 10), Count(SameIdOnSlack, 0, InsightsMetric.Share, "how", 100)],
            [Search(OtherGuild, 0, "creatine", 1), Search(SameIdOnSlack, 0, "sauna", 1)]), Ct);

        var totals = await Store.ReadAsync(Guild, Today, Ct);

        Assert.Equal(1, totals.Of(InsightsMetric.Share, "how"));
        Assert.Empty(totals.Searches);
    }

    [Fact]
    public async Task Unanswered_searches_add_up_and_keep_the_latest_time()
    {
        await Store.AddAsync(new([], [Search(Guild, 1, "creatine dose", 2, minute: 30)]), Ct);
        await Store.AddAsync(new([], [Search(Guild, 0, "creatine dose", 1, minute: 10), Search(Guild, 0, "sauna", 1, minute: 20)]), Ct);
        await Store.AddAsync(new([], [Search(Guild, 0, "creatine dose", 1, minute: 5)]), Ct);

        var totals = await Store.ReadAsync(Guild, Today.AddDays(-6), Ct);

        var creatine = Assert.Single(totals.Searches, s => s.Query == "creatine dose");
        Assert.Equal(4, creatine.Count);
        Assert.Equal(new DateTimeOffset(Today, new TimeOnly(6, 10), TimeSpan.Zero), creatine.LastAt);
        Assert.Equal(2, totals.Searches.Count);
    }

    [Fact]
    public async Task A_tenant_day_keeps_at_most_the_cap_of_distinct_searches_but_kept_ones_still_count()
    {
        var flood = Enumerable.Range(0, IInsightsStore.MaxSearchesPerTenantDay + 50).Select(i => Search(Guild, 0, $"random {i}", 1)).ToList();
        await Store.AddAsync(new([], flood), Ct);
        await Store.AddAsync(new([], [Search(Guild, 0, "random 0", 1), Search(Guild, 0, "one more new", 1), Search(OtherGuild, 0, "elsewhere", 1)]), Ct);

        var totals = await Store.ReadAsync(Guild, Today, Ct);

        Assert.Equal(IInsightsStore.MaxSearchesPerTenantDay, totals.Searches.Count);
        Assert.Equal(2, Assert.Single(totals.Searches, s => s.Query == "random 0").Count);
        Assert.DoesNotContain(totals.Searches, s => s.Query == "one more new");
        Assert.Single((await Store.ReadAsync(OtherGuild, Today, Ct)).Searches);
    }

    [Fact]
    public async Task Reset_clears_one_tenant_and_says_how_much()
    {
        await Store.AddAsync(new(
            [
                Count(Guild, 0, InsightsMetric.SectionByCommand, "benefits", 2), Count(Guild, 3, InsightsMetric.NudgePosted, "n1/hiit", 1),
                Count(OtherGuild, 0, InsightsMetric.SectionByCommand, "benefits", 7), Count(SameIdOnSlack, 0, InsightsMetric.SectionByCommand, "benefits", 9),
            ],
            [Search(Guild, 0, "sauna", 1), Search(OtherGuild, 0, "sauna", 3), Search(SameIdOnSlack, 0, "sauna", 5)]), Ct);

        var cleared = await Store.ResetAsync(Guild, Ct);

        Assert.Equal(new InsightsCleared(2, 1), cleared);
        var totals = await Store.ReadAsync(Guild, Today.AddDays(-29), Ct);
        Assert.Empty(totals.Metrics);
        Assert.Empty(totals.Searches);

        // Another guild, and a Slack workspace with the guild's id, keep both their counts and their searches.
        var other = await Store.ReadAsync(OtherGuild, Today, Ct);
        Assert.Equal(7, other.Of(InsightsMetric.SectionByCommand, "benefits"));
        Assert.Equal(3, Assert.Single(other.Searches).Count);
        var slack = await Store.ReadAsync(SameIdOnSlack, Today, Ct);
        Assert.Equal(9, slack.Of(InsightsMetric.SectionByCommand, "benefits"));
        Assert.Equal(5, Assert.Single(slack.Searches).Count);
    }

    [Fact]
    public async Task Days_past_the_retention_are_pruned_by_a_later_write()
    {
        await Store.AddAsync(new([Count(Guild, 40, InsightsMetric.SectionByCommand, "old", 1), Count(Guild, 20, InsightsMetric.SectionByCommand, "recent", 1)], [Search(Guild, 40, "old query", 1)]), Ct);
        await Store.AddAsync(new([Count(Guild, 0, InsightsMetric.Share, "how", 1)], []), Ct);

        var everything = await Store.ReadAsync(Guild, Today.AddDays(-365), Ct);

        Assert.Equal(0, everything.Of(InsightsMetric.SectionByCommand, "old"));
        Assert.Equal(1, everything.Of(InsightsMetric.SectionByCommand, "recent"));
        Assert.Empty(everything.Searches);
    }

    [Fact]
    public async Task Text_of_any_script_round_trips()
    {
        await Store.AddAsync(new([Count(Guild, 0, InsightsMetric.NudgePosted, "manual/ü-nudge", 1)], [Search(Guild, 0, "кофеин 🏋️ dose", 1)]), Ct);

        var totals = await Store.ReadAsync(Guild, Today, Ct);

        Assert.Equal(1, totals.Of(InsightsMetric.NudgePosted, "manual/ü-nudge"));
        Assert.Equal("кофеин 🏋️ dose", Assert.Single(totals.Searches).Query);
    }
}
