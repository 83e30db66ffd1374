namespace Il6Bot.Features.Insights;

/// <summary>Increments to add to one day's count (UTC date). Counts only: nothing says who.</summary>
public sealed record InsightsCount(InsightsTenant Tenant, DateOnly Day, InsightsMetric Metric, string Name, long Count);

/// <summary>Increments of one search that found no good match, on one day (UTC date).</summary>
/// <param name="Query">Normalised (see <see cref="UnansweredQuery"/>), so spellings of one question add up.</param>
public sealed record UnansweredSearchCount(InsightsTenant Tenant, DateOnly Day, string Query, long Count, DateTimeOffset LastAt);

/// <summary>What one flush writes, in one transaction.</summary>
public sealed record InsightsBatch(IReadOnlyList<InsightsCount> Counts, IReadOnlyList<UnansweredSearchCount> Searches)
{
    public static InsightsBatch Empty { get; } = new([], []);

    public bool IsEmpty => Counts.Count == 0 && Searches.Count == 0;
}
