using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>
/// An <see cref="IInsightsStore"/> in memory with the documented semantics (upsert per day, search cap, retention), for
/// tests that need no database; it passes the same contract as SQLite and PostgreSQL. <see cref="Unavailable"/>
/// makes every operation fail as a database outage does; <see cref="OnWrite"/> lets a test cancel or fail one write.
/// </summary>
public sealed class InMemoryInsightsStore(TimeProvider time) : IInsightsStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(InsightsTenant, DateOnly, InsightsMetric, string), long> _counts = [];
    private readonly Dictionary<(InsightsTenant Tenant, DateOnly Day, string Query), (long Count, DateTimeOffset LastAt)> _searches = [];

    public bool Unavailable { get; set; }

    public int Writes { get; private set; }

    /// <summary>Runs as a write starts, before anything is changed, with the write's token: it may throw to end the write.</summary>
    public Action<CancellationToken>? OnWrite { get; set; }

    public Task AddAsync(InsightsBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnavailable();
            OnWrite?.Invoke(cancellationToken);
            Writes++;
            var cutoff = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime - IInsightsStore.Retention);
            foreach (var key in _counts.Keys.Where(k => k.Item2 < cutoff).ToList())
            {
                _counts.Remove(key);
            }

            foreach (var key in _searches.Keys.Where(k => k.Day < cutoff).ToList())
            {
                _searches.Remove(key);
            }

            foreach (var count in batch.Counts)
            {
                var key = (count.Tenant, count.Day, count.Metric, count.Name);
                _counts[key] = _counts.GetValueOrDefault(key) + count.Count;
            }

            foreach (var search in batch.Searches)
            {
                var key = (search.Tenant, search.Day, search.Query);
                if (_searches.TryGetValue(key, out var kept))
                {
                    _searches[key] = (kept.Count + search.Count, search.LastAt > kept.LastAt ? search.LastAt : kept.LastAt);
                }
                else if (_searches.Keys.Count(k => k.Tenant == search.Tenant && k.Day == search.Day) < IInsightsStore.MaxSearchesPerTenantDay)
                {
                    _searches[key] = (search.Count, search.LastAt);
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task<InsightsTotals> ReadAsync(InsightsTenant tenant, DateOnly fromDay, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnavailable();
            var metrics = _counts
                .Where(c => c.Key.Item1 == tenant && c.Key.Item2 >= fromDay)
                .GroupBy(c => (c.Key.Item3, c.Key.Item4))
                .Select(g => new MetricTotal(g.Key.Item1, g.Key.Item2, g.Sum(c => c.Value)))
                .OrderBy(m => InsightsMetricCodes.Code(m.Metric), StringComparer.Ordinal)
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
            var searches = _searches
                .Where(s => s.Key.Tenant == tenant && s.Key.Day >= fromDay)
                .GroupBy(s => s.Key.Query, StringComparer.Ordinal)
                .Select(g => new UnansweredSearchTotal(g.Key, g.Sum(s => s.Value.Count), g.Max(s => s.Value.LastAt)))
                .OrderBy(s => s.Query, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(new InsightsTotals(metrics, searches));
        }
    }

    public Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnavailable();
            var counts = _counts.Keys.Where(k => k.Item1 == tenant).ToList();
            var searches = _searches.Keys.Where(k => k.Tenant == tenant).ToList();
            counts.ForEach(k => _counts.Remove(k));
            searches.ForEach(k => _searches.Remove(k));
            return Task.FromResult(new InsightsCleared(counts.Count, searches.Count));
        }
    }

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new StoreUnavailableException("in-memory insights store: switched off by the test");
        }
    }
}
