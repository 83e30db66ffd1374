using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Features.Insights;

/// <summary>
/// Daily counts per tenant, in the same database as the nudge schedules. Like the nudge store, an operation on a
/// database that cannot be used throws <c>StoreUnavailableException</c> and has changed nothing.
/// </summary>
public interface IInsightsStore
{
    /// <summary>
    /// The most distinct unanswered searches kept per tenant and day: further new ones are dropped (repeats of kept
    /// ones still count), so a flood of random text cannot grow the store without bound.
    /// </summary>
    const int MaxSearchesPerTenantDay = 200;

    /// <summary>Days older than this are pruned on write; <c>/insights</c> reads at most 30.</summary>
    static readonly TimeSpan Retention = TimeSpan.FromDays(35);

    /// <summary>Adds every increment (upsert per day and key) in one transaction: all of the batch, or none.</summary>
    Task AddAsync(InsightsBatch batch, CancellationToken cancellationToken);

    /// <summary>The tenant's counts from <paramref name="fromDay"/> (inclusive, UTC) on, summed per metric and name, and per query.</summary>
    Task<InsightsTotals> ReadAsync(InsightsTenant tenant, DateOnly fromDay, CancellationToken cancellationToken);

    /// <summary>Deletes all of the tenant's counts.</summary>
    Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken);
}
