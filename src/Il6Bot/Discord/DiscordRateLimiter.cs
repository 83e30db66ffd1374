using System.Collections.Concurrent;

namespace Il6Bot.Discord;

/// <summary>
/// Rate-limit state shared by every Discord request of the process (the <see cref="DiscordRateLimitHandler"/>
/// instances come and go with the HTTP handler pipeline). Modelled on Discord.Net's RequestQueue: a bucket
/// per route, one request in flight per bucket, a global pause after a global 429, and a proactive global
/// pace of <see cref="GlobalPerSecond"/> requests a second.
/// </summary>
public sealed class DiscordRateLimiter(TimeProvider timeProvider)
{
    /// <summary>Discord's global limit for a bot token.</summary>
    public const int GlobalPerSecond = 50;

    private static readonly TimeSpan IdleBucket = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DiscordRateLimitBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _globalLock = new();
    private DateTimeOffset _globalPausedUntil;
    private DateTimeOffset _windowStart;
    private int _windowCount;
    private DateTimeOffset _lastPurge;

    public TimeProvider TimeProvider => timeProvider;

    internal int BucketCount => _buckets.Count;

    public DiscordRateLimitBucket GetBucket(string key)
    {
        var now = timeProvider.GetUtcNow();
        PurgeIdle(now);
        var bucket = _buckets.GetOrAdd(key, static _ => new DiscordRateLimitBucket());
        bucket.LastUsed = now;
        return bucket;
    }

    /// <summary>Waits out a global pause and, for requests that count, the per-second global pace.</summary>
    public async Task WaitGlobalAsync(bool counts, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_globalLock)
            {
                var now = timeProvider.GetUtcNow();
                wait = _globalPausedUntil - now;
                if (wait <= TimeSpan.Zero && counts)
                {
                    if (now - _windowStart >= TimeSpan.FromSeconds(1))
                    {
                        _windowStart = now;
                        _windowCount = 0;
                    }

                    if (_windowCount < GlobalPerSecond)
                    {
                        _windowCount++;
                        return;
                    }

                    wait = _windowStart + TimeSpan.FromSeconds(1) - now;
                }
                else if (wait <= TimeSpan.Zero)
                {
                    return;
                }
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
