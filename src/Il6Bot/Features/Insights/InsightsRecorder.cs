using System.Collections.Concurrent;
using Il6Bot.Commands;

namespace Il6Bot.Features.Insights;

/// <summary>
/// Collects counts in memory for <see cref="InsightsFlusher"/> to write in batches, so recording costs the request
/// path a dictionary lookup and an interlocked increment: no allocation once a key has been seen that day, no I/O,
/// no lock. Bounded: at most <see cref="MaxPendingKeys"/> keys and <see cref="IInsightsStore.MaxSearchesPerTenantDay"/>
/// distinct unanswered searches per tenant and day; what does not fit is dropped and counted in <see cref="Dropped"/>.
/// </summary>
public sealed class InsightsRecorder(TimeProvider time)
{
    /// <summary>Far above what real traffic produces in a few seconds, low enough to bound memory during a store outage.</summary>
    public const int MaxPendingKeys = 20_000;

    private readonly ConcurrentDictionary<CountKey, Pending> _counts = new();
    private readonly ConcurrentDictionary<SearchKey, Pending> _searches = new();
    private readonly ConcurrentDictionary<(InsightsTenant Tenant, DateOnly Day), Pending> _distinctSearches = new();
    private int _keys;
    private long _dropped;

    /// <summary>Increments not kept because a bound was reached.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void SectionShown(Platform platform, string tenantId, InsightsMetric metric, string topic) =>
        Add(new CountKey(new InsightsTenant(platform, tenantId), Today(), metric, topic), 1);

    public void NudgePosted(Platform platform, string tenantId, string scheduleId, string nudgeId) =>
        Add(new CountKey(new InsightsTenant(platform, tenantId), Today(), InsightsMetric.NudgePosted, scheduleId + "/" + nudgeId), 1);

    /// <summary>A click on a nudge's Read more, counted for the schedule and nudge text that posted it.</summary>
    public void NudgeReadMoreClicked(Platform platform, string tenantId, string scheduleId, string nudgeId) =>
        Add(new CountKey(new InsightsTenant(platform, tenantId), Today(), InsightsMetric.NudgeReadMore, scheduleId + "/" + nudgeId), 1);

    /// <summary>A search that found no good match. Off the fast path: the reply to it is built per request anyway.</summary>
    public void UnansweredSearch(Platform platform, string tenantId, string text)
    {
        if (UnansweredQuery.Normalise(text) is not { } query)
        {
            return;
        }

        var now = time.GetUtcNow();
        var key = new SearchKey(new InsightsTenant(platform, tenantId), DateOnly.FromDateTime(now.UtcDateTime), query);
        if (!_searches.TryGetValue(key, out var pending))
        {
            var distinct = _distinctSearches.GetOrAdd((key.Tenant, key.Day), static _ => new Pending());
            if (Interlocked.Increment(ref distinct.Count) > IInsightsStore.MaxSearchesPerTenantDay || !TryReserveKey())
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            pending = Insert(_searches, key);
        }

        Interlocked.Increment(ref pending.Count);
        pending.LastAt = now.ToUnixTimeMilliseconds();
    }

    /// <summary>Takes everything counted since the last take, leaving zeros behind (the keys stay for the day).</summary>
    public InsightsBatch TakePending()
    {
        var today = Today();
        var counts = new List<InsightsCount>();
        foreach (var (key, pending) in _counts)
        {
            if (Take(key, pending) is { } count)
            {
                counts.Add(count);
            }
            else if (key.Day < today.AddDays(-1) && _counts.TryRemove(key, out _))
            {
                // A day later nothing increments it any more: today's requests use today's keys.
                Interlocked.Decrement(ref _keys);
            }
        }

        var searches = new List<UnansweredSearchCount>();
        foreach (var (key, pending) in _searches)
        {
            if (Take(key, pending) is { } search)
            {
                searches.Add(search);
            }
            else if (key.Day < today.AddDays(-1) && _searches.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _keys);
            }
        }

        foreach (var key in _distinctSearches.Keys)
        {
            if (key.Day < today.AddDays(-1))
            {
                _distinctSearches.TryRemove(key, out _);
            }
        }

        return Batch(counts, searches);
    }

    /// <summary>Puts back a batch the store did not take, for the next flush (within the same bounds).</summary>
    public void Restore(InsightsBatch batch)
    {
        foreach (var count in batch.Counts)
        {
            Add(new CountKey(count.Tenant, count.Day, count.Metric, count.Name), count.Count);
        }

        foreach (var search in batch.Searches)
        {
            var key = new SearchKey(search.Tenant, search.Day, search.Query);
            if (!_searches.TryGetValue(key, out var pending))
            {
                if (!TryReserveKey())
                {
                    Interlocked.Add(ref _dropped, search.Count);
                    continue;
                }

                pending = Insert(_searches, key);
            }

            Interlocked.Add(ref pending.Count, search.Count);
            var last = search.LastAt.ToUnixTimeMilliseconds();
            if (last > Interlocked.Read(ref pending.LastAt))
            {
                pending.LastAt = last;
            }
        }
    }

    /// <summary>
    /// Takes the tenant's counts not yet written (<c>/insights reset</c>), so the next flush does not bring them back;
    /// returns them for <see cref="Restore"/> should the reset not reach the store.
    /// </summary>
    public InsightsBatch Forget(InsightsTenant tenant)
    {
        var counts = new List<InsightsCount>();
        foreach (var key in _counts.Keys)
        {
            if (key.Tenant == tenant && _counts.TryRemove(key, out var pending))
            {
                Interlocked.Decrement(ref _keys);
                if (Take(key, pending) is { } count)
                {
                    counts.Add(count);
                }
            }
        }

        var searches = new List<UnansweredSearchCount>();
        foreach (var key in _searches.Keys)
        {
            if (key.Tenant == tenant && _searches.TryRemove(key, out var pending))
            {
                Interlocked.Decrement(ref _keys);
                if (Take(key, pending) is { } search)
                {
                    searches.Add(search);
                }
            }
        }

        // The store's rows go too, so the day's cap on distinct searches starts again with them.
        foreach (var key in _distinctSearches.Keys)
        {
            if (key.Tenant == tenant)
            {
                _distinctSearches.TryRemove(key, out _);
            }
        }

        return Batch(counts, searches);
    }

    /// <summary>The key's count since the last take, leaving zero; null when there was none.</summary>
    private static InsightsCount? Take(CountKey key, Pending pending) =>
        Interlocked.Exchange(ref pending.Count, 0) is > 0 and var count
            ? new InsightsCount(key.Tenant, key.Day, key.Metric, key.Name, count)
            : null;

    /// <inheritdoc cref="Take(CountKey, Pending)"/>
    private static UnansweredSearchCount? Take(SearchKey key, Pending pending) =>
        Interlocked.Exchange(ref pending.Count, 0) is > 0 and var count
            ? new UnansweredSearchCount(key.Tenant, key.Day, key.Query, count, DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref pending.LastAt)))
            : null;

    private static InsightsBatch Batch(List<InsightsCount> counts, List<UnansweredSearchCount> searches) =>
        counts.Count == 0 && searches.Count == 0 ? InsightsBatch.Empty : new InsightsBatch(counts, searches);

    private void Add(CountKey key, long count)
    {
        // The common case, every request after a key's first that day: a lookup and an increment, nothing allocated.
        if (!_counts.TryGetValue(key, out var pending))
        {
            if (!TryReserveKey())
            {
                Interlocked.Add(ref _dropped, count);
                return;
            }

            pending = Insert(_counts, key);
        }

        Interlocked.Add(ref pending.Count, count);
    }

    /// <summary>Inserts a key reserved with <see cref="TryReserveKey"/>, giving the reservation back when another thread won.</summary>
    private Pending Insert<TKey>(ConcurrentDictionary<TKey, Pending> pending, TKey key)
        where TKey : notnull
    {
        var fresh = new Pending();
        var stored = pending.GetOrAdd(key, fresh);
        if (!ReferenceEquals(stored, fresh))
        {
            Interlocked.Decrement(ref _keys);
        }

        return stored;
    }

    private bool TryReserveKey()
    {
        if (Interlocked.Increment(ref _keys) <= MaxPendingKeys)
        {
            return true;
        }

        Interlocked.Decrement(ref _keys);
        return false;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private readonly record struct CountKey(InsightsTenant Tenant, DateOnly Day, InsightsMetric Metric, string Name);

    private readonly record struct SearchKey(InsightsTenant Tenant, DateOnly Day, string Query);

    private sealed class Pending
    {
        public long Count;
        public long LastAt;
    }
}
