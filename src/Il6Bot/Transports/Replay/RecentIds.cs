using System.Numerics;
using System.Runtime.InteropServices;

namespace Il6Bot.Transports.Replay;

/// <summary>
/// Which request ids were seen recently, for requests that are answered again rather than from memory
/// (read-only ones) but must not be counted again. Unlike <see cref="RecentAnswers{TKey, TAnswer}"/> it keeps no
/// key and no answer, only a 64-bit hash of the id and when it expires, in a table allocated once: noting an id
/// allocates nothing, so the garbage collector has nothing long-lived to promote on the request path.
/// <para>
/// Approximate in both directions, which is why it may only decide what is recorded, never what is answered: two
/// ids with the same hash make the second look like a repeat (one count not recorded, about once in 2^64 pairs),
/// and when every slot an id may use holds a live id the one expiring soonest is forgotten (a copy of it would be
/// counted again; rare below the capacity's rate, since the table has twice as many slots).
/// </para>
/// </summary>
public sealed class RecentIds
{
    // An id may sit in any of the slots of one bucket: 4 entries of 16 bytes, one cache line.
    private const int BucketSize = 4;

    private readonly Entry[] _entries;
    private readonly int _bucketMask;
    private readonly long _lifetimeTicks;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // Process-random, so nobody can choose ids that collide (string hashing is seeded per process too).
    private readonly int _seed = Random.Shared.Next();

    /// <param name="capacity">How many ids a lifetime may bring: the table has twice as many slots (a power of
    /// two), so that few buckets fill up even then.</param>
    /// <param name="lifetime">How long an id counts as seen.</param>
    public RecentIds(int capacity, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 28);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);

        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2 * capacity, BucketSize));
        _entries = new Entry[slots];
        _bucketMask = (slots / BucketSize) - 1;
        _time = time;
        _lifetimeTicks = (long)(lifetime.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>How many ids the table holds when full (its size never changes).</summary>
    public int Capacity => _entries.Length;

    /// <summary>How many ids are remembered now (a scan of the table: for tests and diagnostics, not the request path).</summary>
    public int Count
    {
        get
        {
            var now = _time.GetTimestamp();
            lock (_gate)
            {
                var live = 0;
                foreach (var entry in _entries)
                {
                    live += now < entry.ExpiresAt ? 1 : 0;
                }

                return live;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="id"/> was seen within the lifetime (the first sighting's lifetime is not
    /// extended); otherwise remembers it from now and returns false.
    /// </summary>
    public bool SeenBefore(ReadOnlySpan<char> id)
    {
        var hash = Hash(id);
        var now = _time.GetTimestamp();
        var start = (int)(hash & (uint)_bucketMask) * BucketSize;
        lock (_gate)
        {
            var bucket = _entries.AsSpan(start, BucketSize);
            var victim = 0;
            for (var i = 0; i < bucket.Length; i++)
            {
                if (bucket[i].Hash == hash && now < bucket[i].ExpiresAt)
                {
                    return true;
                }

                if (bucket[i].ExpiresAt < bucket[victim].ExpiresAt)
                {
                    victim = i;
                }
            }

            // An empty or expired slot expires before any live one, so it is taken first.
            bucket[victim] = new Entry(hash, now + _lifetimeTicks);
            return false;
        }
    }

    // Two independent 32-bit hashes: the bucket comes from the low bits, so both halves have to be well mixed.
    private ulong Hash(ReadOnlySpan<char> id)
    {
        var second = new HashCode();
        second.Add(_seed);
        second.AddBytes(MemoryMarshal.AsBytes(id));
        return ((ulong)(uint)string.GetHashCode(id) << 32) | (uint)second.ToHashCode();
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(ulong Hash, long ExpiresAt);
}
