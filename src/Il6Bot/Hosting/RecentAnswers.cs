using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Il6Bot.Hosting;

/// <summary>
/// The answers to recently handled requests, by the id the platform gave the request, so a request that arrives
/// again (replayed or resent) is answered again from here instead of being handled again. A copy that arrives
/// while the first is still being handled waits for the first's answer.
/// <para>
/// Bounded twice, so it cannot grow without limit under any request rate: an entry is kept for
/// <c>lifetime</c> (chosen so the platform's signature check refuses every later copy), and at most
/// <c>capacity</c> entries are kept, the oldest dropped first. A copy of a dropped request is handled again; the
/// state changes it could repeat are also recorded in the store (see <c>INudgeStore.TryClaimRequestAsync</c>),
/// which refuses them however long ago, and on whichever bot process, the first was handled.
/// </para>
/// </summary>
public sealed class RecentAnswers<TAnswer>
{
    private readonly int _capacity;
    private readonly long _lifetimeTicks;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long ExpiresAt)> _order = new();
    private readonly Lock _gate = new();

    public RecentAnswers(int capacity, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        _capacity = capacity;
        _time = time;
        _lifetimeTicks = (long)(lifetime.TotalSeconds * time.TimestampFrequency);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Starts handling the request <paramref name="key"/>. Returns the source the caller completes: with its answer
    /// through <see cref="Complete"/>, or with the exception its handling threw (then every copy, waiting or later,
    /// gets that exception: a copy is never handled a second time). Null when the request was seen before, and then
    /// <paramref name="earlier"/> completes with the first answer.
    /// </summary>
    public TaskCompletionSource<TAnswer>? TryBegin(string key, out Task<TAnswer> earlier)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                earlier = entry.Pending?.Task ?? Task.FromResult(entry.Answer);
                return null;
            }

            while (_order.TryPeek(out var oldest) && (oldest.ExpiresAt <= now || _order.Count >= _capacity))
            {
                _entries.Remove(_order.Dequeue().Key);
            }

            var first = new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            _entries.Add(key, new Entry(default!, first));
            _order.Enqueue((key, now + _lifetimeTicks));
            earlier = first.Task;
            return first;
        }
    }

    /// <summary>Remembers the answer to <paramref name="key"/> and hands it to the copies waiting for it.</summary>
    public void Complete(string key, TaskCompletionSource<TAnswer> first, TAnswer answer)
    {
        first.TrySetResult(answer);
        lock (_gate)
        {
            // The answer alone is kept: the completion source and its task are garbage from here on.
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            if (!Unsafe.IsNullRef(ref entry) && entry.Pending == first)
            {
                entry = new Entry(answer, null);
            }
        }
    }

    private readonly record struct Entry(TAnswer Answer, TaskCompletionSource<TAnswer>? Pending);
}
