using System.Collections.Concurrent;
using Il6Bot.Commands;
using Il6Bot.Observability;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Slack's rate limits are per Web API method: a 429 carries <c>Retry-After</c> (seconds). This handler waits that
/// long (on <see cref="TimeProvider"/>) and retries a bounded number of times, and holds back other calls to the
/// same method until the window has passed. It is the only place a 429 is retried; the standard resilience
/// handler inside it is told to leave 429s alone so retries never stack.
/// </summary>
public sealed partial class SlackRateLimitHandler(TimeProvider time, Il6BotMetrics metrics, ILogger<SlackRateLimitHandler> logger) : DelegatingHandler
{
    private const int MaxRetries = 3;

    /// <summary>When Slack sends no usable Retry-After.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>A longer wait than this is not worth holding a request for; the 429 is returned.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri?.Segments.LastOrDefault() ?? string.Empty;
        for (var attempt = 0; ; attempt++)
        {
            if (_notBefore.TryGetValue(method, out var notBefore))
            {
                var wait = notBefore - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    metrics.RateLimitWaited(Platform.Slack, wait);
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            metrics.RateLimited(Platform.Slack);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
            if (retryAfter < TimeSpan.Zero)
            {
                retryAfter = TimeSpan.Zero;
            }

            _notBefore[method] = time.GetUtcNow() + retryAfter;
            if (attempt >= MaxRetries || retryAfter > MaxRetryAfter)
            {
                LogGaveUp(method, attempt + 1);
                return response;
            }

            LogRateLimited(method, retryAfter.TotalSeconds);
            response.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack rate-limited {Method}; retrying after {Seconds} s")]
    private partial void LogRateLimited(string method, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack kept rate-limiting {Method} after {Attempts} attempts")]
    private partial void LogGaveUp(string method, int attempts);
}
