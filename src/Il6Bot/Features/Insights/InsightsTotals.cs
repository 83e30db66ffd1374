namespace Il6Bot.Features.Insights;

/// <summary>One tenant's counts summed over a range of days, as <c>/insights</c> shows them.</summary>
public sealed record InsightsTotals(IReadOnlyList<MetricTotal> Metrics, IReadOnlyList<UnansweredSearchTotal> Searches)
{
    public static InsightsTotals Empty { get; } = new([], []);

    public long Of(InsightsMetric metric, string name) =>
        Metrics.Where(m => m.Metric == metric && m.Name == name).Sum(m => m.Count);
}

public sealed record MetricTotal(InsightsMetric Metric, string Name, long Count);

public sealed record UnansweredSearchTotal(string Query, long Count, DateTimeOffset LastAt);

/// <summary>What <c>/insights reset</c> removed: stored rows of counts and of unanswered searches.</summary>
public sealed record InsightsCleared(long Counts, long Searches);
