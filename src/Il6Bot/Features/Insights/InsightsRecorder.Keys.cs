using System.Collections.Concurrent;

namespace Il6Bot.Features.Insights;

/// <summary>
/// The recorder's bound on keys: reserving a key before inserting it, sweeping idle keys (counts already taken) when
/// the bound is reached, and removing a key so that an increment racing with the removal is never lost.
/// </summary>
public sealed partial class InsightsRecorder
{
    /// <summary>Adds <paramref name="count"/> to the key's pending count; null when it was dropped.</summary>
    private Pending? Add<TKey>(ConcurrentDictionary<TKey, Pending> pending, TKey key, long count)
        where TKey : notnull
    {
        while (true)
        {
            // The common case, every request after a key's first that day: a lookup and an increment, nothing allocated.
            if (!pending.TryGetValue(key, out var counted))
            {
                if (!TryReserveKey())
                {
                    Interlocked.Add(ref _dropped, count);
                    return null;
                }

                counted = Insert(pending, key);
            }

            if (Interlocked.Add(ref counted.Count, count) > 0)
            {
                return counted;
            }

            // Retired while this increment was on its way: help remove it, then count in a fresh key.
            Remove(pending, key, counted);
        }
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
        while (true)
        {
            if (Interlocked.Increment(ref _keys) <= MaxPendingKeys)
            {
                return true;
            }

            Interlocked.Decrement(ref _keys);
            if (Interlocked.Exchange(ref _sweepable, 0) == 0)
            {
                return false;
            }

            SweepIdle(_counts);
            SweepIdle(_searches);
        }
    }

    private void SweepIdle<TKey>(ConcurrentDictionary<TKey, Pending> pending)
        where TKey : notnull
    {
        foreach (var (key, counted) in pending)
        {
            TryRemoveIdle(pending, key, counted);
        }
    }

    private void TryRemoveIdle<TKey>(ConcurrentDictionary<TKey, Pending> pending, TKey key, Pending counted)
        where TKey : notnull
    {
        if (Interlocked.CompareExchange(ref counted.Count, Retired, 0) == 0)
        {
            Remove(pending, key, counted);
        }
    }

    /// <summary>Removes the key whatever it holds; returns what was pending in it (zero or less: nothing).</summary>
    private long Retire<TKey>(ConcurrentDictionary<TKey, Pending> pending, TKey key, Pending counted)
        where TKey : notnull
    {
        var count = Interlocked.Exchange(ref counted.Count, Retired);
        Remove(pending, key, counted);
        return count;
    }

    // Only this instance of the key, and the reservation given back once, whoever of the racing removers gets there.
    private void Remove<TKey>(ConcurrentDictionary<TKey, Pending> pending, TKey key, Pending counted)
        where TKey : notnull
    {
        if (pending.TryRemove(new KeyValuePair<TKey, Pending>(key, counted)))
        {
            Interlocked.Decrement(ref _keys);
        }
    }
}
