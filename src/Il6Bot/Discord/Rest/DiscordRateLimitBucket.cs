using System.Globalization;

namespace Il6Bot.Discord.Rest;

/// <summary>One route's limit as Discord last reported it in <c>X-RateLimit-*</c> headers.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim only needs disposing once its wait handle is used, which this one never is; purged buckets may still be awaited.")]
public sealed class DiscordRateLimitBucket
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int? _remaining;
    private DateTimeOffset _resetAt;

    internal DateTimeOffset LastUsed { get; set; }

    internal bool IsBusy => _gate.CurrentCount == 0;

    /// <summary>One request at a time per bucket: until a response says how many are left, a second one
    /// could already be over the limit.</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    public void Exit() => _gate.Release();

    /// <summary>How long to wait before the next request so it does not earn a 429.</summary>
    public TimeSpan DelayBeforeNext(DateTimeOffset now) =>
        _remaining is 0 && _resetAt > now ? _resetAt - now : TimeSpan.Zero;

    public void Update(HttpResponseMessage response, DateTimeOffset now)
    {
        if (TryGetHeader(response, "X-RateLimit-Remaining", out var remainingText)
            && int.TryParse(remainingText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            _remaining = remaining;
        }

        if (TryGetHeader(response, "X-RateLimit-Reset-After", out var resetText)
            && double.TryParse(resetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            _resetAt = now + TimeSpan.FromSeconds(resetAfter);
        }
        else if (_resetAt <= now)
        {
            _remaining = null;
        }
    }

    /// <summary>After a route 429: nothing more until <paramref name="until"/>.</summary>
    public void Block(DateTimeOffset until)
    {
        _remaining = 0;
        _resetAt = until;
    }

    internal static bool TryGetHeader(HttpResponseMessage response, string name, out string value)
    {
        value = string.Empty;
        if (response.Headers.TryGetValues(name, out var values))
        {
            value = values.FirstOrDefault() ?? string.Empty;
            return value.Length > 0;
        }

        return false;
    }
}
