using System.Runtime.InteropServices;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Transports.Replay;

/// <summary>
/// The answers to recently handled requests or deliveries, by the id the platform gave them, so one that arrives
/// again (replayed, resent or redelivered) is answered again from here instead of being handled again. A copy
/// that arrives while the first is still being handled waits for the first's answer.
/// <para>
/// Bounded by count, so it cannot grow without limit under any request rate: at most <c>capacity</c> answers are
/// kept, the oldest dropped first; and, unless <c>lifetime</c> is <see cref="Timeout.InfiniteTimeSpan"/>, an
/// answer is kept only for <c>lifetime</c> (for signed webhooks, chosen so the platform's signature check refuses
/// every later copy). A copy of a dropped request is handled again; the state changes it could repeat are also
/// recorded in the store (see <c>INudgeStore.TryClaimRequestAsync</c>), which refuses them however long ago, and
/// on whichever bot process, the first was handled.
/// </para>
/// <para>
/// An entry is its key and the answer (whose bytes are usually the content's prepared answer, shared): tens of
/// thousands of them are a few megabytes. Nothing per request is allocated here unless a copy has to wait.
/// </para>
/// </summary>
public sealed class RecentAnswers<TKey, TAnswer>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly long _lifetimeTicks;
    private readonly TimeProvider _time;
    private readonly Dictionary<TKey, Outcome> _answered = [];
    private readonly Queue<(TKey Key, long AddedAt)> _order = new();

    // Requests being handled now (as many as run at once), with what their copies wait on (made when one must).
    private readonly Dictionary<TKey, TaskCompletionSource<TAnswer>?> _running = [];
    private readonly Lock _gate = new();

    /// <param name="lifetime">How long an answer is kept, or <see cref="Timeout.InfiniteTimeSpan"/> to keep it
    /// until <paramref name="capacity"/> newer ones have pushed it out.</param>
    public RecentAnswers(int capacity, TimeSpan lifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (lifetime != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        }

        _capacity = capacity;
        _time = time;
        _lifetimeTicks = lifetime == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)(lifetime.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>How many answers are remembered (at most the capacity).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _answered.Count;
            }
        }
    }

    /// <summary>
    /// True when the request <paramref name="key"/> is new: the caller handles it and then calls
    /// <see cref="Complete"/> or <see cref="Fail"/>. False when it was seen before: <paramref name="earlier"/>
    /// completes with the first's answer (or its exception: a copy is never handled a second time).
    /// </summary>
    public bool TryBegin(TKey key, out Task<TAnswer>? earlier)
    {
        lock (_gate)
        {
            if (_answered.TryGetValue(key, out var outcome))
            {
                earlier = outcome.Failure is null ? Task.FromResult(outcome.Answer) : Task.FromException<TAnswer>(outcome.Failure);
                return false;
            }

            ref var waiters = ref CollectionsMarshal.GetValueRefOrAddDefault(_running, key, out var running);
            if (running)
            {
                waiters ??= new TaskCompletionSource<TAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
                earlier = waiters.Task;
                return false;
            }

            earlier = null;
            return true;
        }
    }

    /// <summary>Remembers the answer to <paramref name="key"/> and hands it to the copies waiting for it.</summary>
    public void Complete(TKey key, TAnswer answer)
    {
        if (Finish(key, new Outcome(answer, null)) is { } waiters)
        {
            waiters.TrySetResult(answer);
        }
    }

    /// <summary>The first handling of <paramref name="key"/> threw: its copies, waiting or later, get the same.</summary>
    public void Fail(TKey key, Exception exception)
    {
        if (Finish(key, new Outcome(default!, exception)) is { } waiters)
        {
            waiters.TrySetException(exception);
        }
    }

    private TaskCompletionSource<TAnswer>? Finish(TKey key, Outcome outcome)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            _running.Remove(key, out var waiters);
            while (_order.TryPeek(out var oldest) && (now - oldest.AddedAt >= _lifetimeTicks || _order.Count >= _capacity))
            {
                _answered.Remove(_order.Dequeue().Key);
            }

            if (_answered.TryAdd(key, outcome))
            {
                _order.Enqueue((key, now));
            }

            return waiters;
        }
    }

    private readonly record struct Outcome(TAnswer Answer, Exception? Failure);
}
