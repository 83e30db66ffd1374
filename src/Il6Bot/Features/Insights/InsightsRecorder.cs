using System.Collections.Concurrent;
using Il6Bot.Commands;

namespace Il6Bot.Features.Insights;

/// <summary>
/// Collects counts in memory for <see cref="InsightsFlusher"/> to write in batches, so recording costs the request
/// path a dictionary lookup and an interlocked increment: no allocation once a key has been seen that day, no I/O,
/// no lock. Bounded: at most <see cref="MaxPendingKeys"/> keys and <see cref="IInsightsStore.MaxSearchesPerTenantDay"/>
/// distinct unanswered searches per tenant and day; what does not fit is dropped and counted in <see cref="Dropped"/>.
/// <para>
/// A key stays after its counts are taken, so the next request that day allocates nothing; such an idle key holds
/// nothing, so it makes room when the bound is reached (and goes once its day is over). Only counts the store has not
/// taken yet can fill the bound, as in a store outage.
/// </para>
/// </summary>
public sealed partial class InsightsRecorder(TimeProvider time)
{
    /// <summary>Far above what real traffic produces in a few seconds, low enough to bound memory during a store outage.</summary>
    public const int MaxPendingKeys = 20_000;

    private readonly ConcurrentDictionary<CountKey, Pending> _counts = new();
    private readonly ConcurrentDictionary<SearchKey, Pending> _searches = new();
    private readonly ConcurrentDictionary<(InsightsTenant Tenant, DateOnly Day), Pending> _distinctSearches = new();
    private int _keys;
    private long _dropped;

    // 1 when a take may have left idle keys that a full recorder can sweep away; the sweep happens once per take at
    // most, so a recorder full of counts pending in an outage does not scan itself on every new key.
    private int _sweepable;

    // A count no increment may revive: set on a key that is being removed, so an increment racing with the removal
    // sees it (the sum stays negative) and counts in a new key instead of being lost with the old one.
    private const long Retired = long.MinValue / 2;

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
        if (!_searches.ContainsKey(key))
        {
            // A query swept away as idle and searched again the same day counts twice here: errs toward dropping,
            // never past the store's bound.
            var distinct = _distinctSearches.GetOrAdd((key.Tenant, key.Day), static _ => new Pending());
            if (Interlocked.Increment(ref distinct.Count) > IInsightsStore.MaxSearchesPerTenantDay)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
        }

        if (Add(_searches, key, 1) is { } pending)
        {
            pending.LastAt = now.ToUnixTimeMilliseconds();
        }
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
            else if (key.Day < today)
            {
                // Today's requests use today's keys: an earlier day's idle key would only take room.
                TryRemoveIdle(_counts, key, pending);
            }
        }

        var searches = new List<UnansweredSearchCount>();
        foreach (var (key, pending) in _searches)
        {
            if (Take(key, pending) is { } search)
            {
                searches.Add(search);
            }
            else if (key.Day < today)
            {
                TryRemoveIdle(_searches, key, pending);
            }
        }

        foreach (var key in _distinctSearches.Keys)
        {
            if (key.Day < today.AddDays(-1))
            {
                _distinctSearches.TryRemove(key, out _);
            }
        }

        Volatile.Write(ref _sweepable, 1);
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
            if (Add(_searches, new SearchKey(search.Tenant, search.Day, search.Query), search.Count) is not { } pending)
            {
                continue;
            }

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
        foreach (var (key, pending) in _counts)
        {
            if (key.Tenant == tenant && Retire(_counts, key, pending) is > 0 and var count)
            {
                counts.Add(Counted(key, count));
            }
        }

        var searches = new List<UnansweredSearchCount>();
        foreach (var (key, pending) in _searches)
        {
            if (key.Tenant == tenant && Retire(_searches, key, pending) is > 0 and var count)
            {
                searches.Add(Counted(key, pending, count));
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
        Take(pending) is > 0 and var count ? Counted(key, count) : null;

    /// <inheritdoc cref="Take(CountKey, Pending)"/>
    private static UnansweredSearchCount? Take(SearchKey key, Pending pending) =>
        Take(pending) is > 0 and var count ? Counted(key, pending, count) : null;

    private static InsightsCount Counted(CountKey key, long count) =>
        new(key.Tenant, key.Day, key.Metric, key.Name, count);

    private static UnansweredSearchCount Counted(SearchKey key, Pending pending, long count) =>
        new(key.Tenant, key.Day, key.Query, count, DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref pending.LastAt)));

    // Never exchanges a retired count back to zero, which would let increments land in a key already removed.
    private static long Take(Pending pending)
    {
        var count = Interlocked.Read(ref pending.Count);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref pending.Count, 0, count);
            if (seen == count)
            {
                return count;
            }

            count = seen;
        }

        return 0;
    }

    private static InsightsBatch Batch(List<InsightsCount> counts, List<UnansweredSearchCount> searches) =>
        counts.Count == 0 && searches.Count == 0 ? InsightsBatch.Empty : new InsightsBatch(counts, searches);

    private void Add(CountKey key, long count) => Add(_counts, key, count);

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private readonly record struct CountKey(InsightsTenant Tenant, DateOnly Day, InsightsMetric Metric, string Name);

    private readonly record struct SearchKey(InsightsTenant Tenant, DateOnly Day, string Query);

    private sealed class Pending
    {
        public long Count;
        public long LastAt;
    }
}
