using System.Collections.Concurrent;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// Rate-limit state shared by every Discord request of the process (the <see cref="DiscordRateLimitHandler"/>
/// instances come and go with the HTTP handler pipeline). Modelled on Discord.Net's RequestQueue: a bucket
/// per route, one request in flight per bucket, a global pause after a global 429, and a proactive global
/// pace: a sliding window over the last <see cref="GlobalPerSecond"/> counting requests.
/// </summary>
/// <remarks>
/// Discord counts the global limit where requests arrive, in windows the client cannot see. A request is
/// let through only when the request <see cref="GlobalPerSecond"/> places before it <em>finished</em> (its
/// response came back, so it had certainly arrived) at least <see cref="GlobalWindow"/> ago. Whatever the
/// latency and wherever the server's windows start, no more than <see cref="GlobalPerSecond"/> requests can
/// then arrive within one window: the pace costs one round trip per window instead of a guessed margin.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim only needs disposing once its wait handle is used, which this one never is; the limiter lives as long as the process.")]
public sealed class DiscordRateLimiter(TimeProvider timeProvider)
{
    /// <summary>Discord's global limit for a bot token.</summary>
    public const int GlobalPerSecond = 50;

    /// <summary>429s <see cref="DiscordRateLimitHandler"/> answers for one request before it hands the 429 back to the caller.</summary>
    public const int Max429Retries = 5;

    private const long Free = long.MinValue;
    private const long InFlight = long.MaxValue;
    private static readonly TimeSpan IdleBucket = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DiscordRateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _globalLock = new();
    private readonly SemaphoreSlim _paceGate = new(1, 1);

    /// <summary>A ring over the last <see cref="GlobalPerSecond"/> counting requests: when each finished
    /// (<see cref="TimeProvider.GetTimestamp"/>), <see cref="InFlight"/> or <see cref="Free"/>;
    /// <see cref="_next"/> is the oldest, the slot the next request takes.</summary>
    private readonly long[] _finished = CreateRing();
    private readonly long[] _owner = new long[GlobalPerSecond];
    private long _acquired;
    private int _next;
    private TaskCompletionSource? _slotFinished;
    private DateTimeOffset _globalPausedUntil;
    private DateTimeOffset _lastPurge;

    public TimeProvider TimeProvider => timeProvider;

    /// <summary>The window of Discord's global limit.</summary>
    public TimeSpan GlobalWindow { get; init; } = TimeSpan.FromSeconds(1);

    public DiscordRateLimitBucket GetBucket(string key)
    {
        var now = timeProvider.GetUtcNow();
        PurgeIdle(now);
        var bucket = _buckets.GetOrAdd(key, static _ => new DiscordRateLimitBucket());
        bucket.LastUsed = now;
        return bucket;
    }

    /// <summary>
    /// For requests that count, waits out a global pause and the global pace; returns when the caller may
    /// send right away. Dispose the lease when the response has arrived (or the request failed): the pace
    /// counts the window from then.
    /// </summary>
    public async Task<DiscordGlobalLease> AcquireGlobalAsync(bool counts, CancellationToken cancellationToken)
    {
        // Discord docs (Rate Limits): "Interaction endpoints are not bound to the bot's Global Rate Limit", so a
        // global 429 elsewhere must not hold an answer to a user past its interaction's deadline.
        if (!counts)
        {
            return default;
        }

        await WaitPauseAsync(cancellationToken).ConfigureAwait(false);

        // One counting caller at a time decides and waits, so waiters queue instead of all waking for
        // every freed slot.
        await _paceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                await WaitPauseAsync(cancellationToken).ConfigureAwait(false);
                TimeSpan wait;
                Task? finished = null;
                lock (_globalLock)
                {
                    var oldest = _finished[_next];
                    var now = timeProvider.GetTimestamp();
                    wait = oldest switch
                    {
                        Free => TimeSpan.Zero,
                        InFlight => Timeout.InfiniteTimeSpan,
                        _ => GlobalWindow - timeProvider.GetElapsedTime(oldest, now),
                    };
                    if (wait == Timeout.InfiniteTimeSpan)
                    {
                        // Still waiting for that request's response: wake up when it (or any) finishes.
                        _slotFinished ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        finished = _slotFinished.Task;
                    }
                    else if (wait <= TimeSpan.Zero && _globalPausedUntil <= timeProvider.GetUtcNow())
                    {
                        var slot = _next;
                        _finished[slot] = InFlight;
                        _owner[slot] = ++_acquired;
                        _next = (_next + 1) % GlobalPerSecond;
                        return new DiscordGlobalLease(this, slot, _acquired);
                    }
                }

                if (finished is not null)
                {
                    await finished.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _paceGate.Release();
        }
    }

    internal void Finish(int slot, long owner)
    {
        TaskCompletionSource? finished;
        lock (_globalLock)
        {
            if (_owner[slot] != owner || _finished[slot] != InFlight)
            {
                return; // disposed twice
            }

            _finished[slot] = timeProvider.GetTimestamp();
            finished = _slotFinished;
            _slotFinished = null;
        }

        finished?.TrySetResult();
    }

    private async Task WaitPauseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_globalLock)
            {
                wait = _globalPausedUntil - timeProvider.GetUtcNow();
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public void PauseGlobal(TimeSpan duration)
    {
        lock (_globalLock)
        {
            var until = timeProvider.GetUtcNow() + duration;
            if (until > _globalPausedUntil)
            {
                _globalPausedUntil = until;
            }
        }
    }

    private static long[] CreateRing()
    {
        var ring = new long[GlobalPerSecond];
        Array.Fill(ring, Free);
        return ring;
    }

    private void PurgeIdle(DateTimeOffset now)
    {
        if (now - _lastPurge < IdleBucket)
        {
            return;
        }

        _lastPurge = now;
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.LastUsed > IdleBucket && !bucket.IsBusy)
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }
}

/// <summary>One counting request's place in the global pace; dispose it once the response has arrived.</summary>
public readonly struct DiscordGlobalLease(DiscordRateLimiter? limiter, int slot, long owner) : IDisposable
{
    public void Dispose() => limiter?.Finish(slot, owner);
}
