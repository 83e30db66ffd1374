using System.Globalization;
using System.Net;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Observability;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// Paces Discord requests by route bucket from <c>X-RateLimit-Remaining</c>/<c>X-RateLimit-Reset-After</c>
/// before a 429 happens, and on a 429 waits <c>retry_after</c> (pausing every route when <c>global</c>)
/// and tries again. It is the only place that retries a 429; the resilience handler below it retries
/// 5xx and timeouts only, so the two never stack.
/// </summary>
public sealed partial class DiscordRateLimitHandler(DiscordRateLimiter limiter, Il6BotMetrics metrics, ILogger<DiscordRateLimitHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var route = DiscordRoute.From(request.Method, request.RequestUri!);
        var bucket = limiter.GetBucket(route.Key);
        var time = limiter.TimeProvider;
        await bucket.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var wait = bucket.DelayBeforeNext(time.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    LogPacing(route.Display, wait.TotalMilliseconds);
                    metrics.RateLimitWaited(Platform.Discord, wait);
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                // Last, right before sending (only this request holds the bucket, so its state cannot change
                // meanwhile); the global pace counts its window from when the response is back.
                HttpResponseMessage response;
                using (await limiter.AcquireGlobalAsync(route.CountsTowardsGlobal, cancellationToken).ConfigureAwait(false))
                {
                    response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }

                bucket.Update(response, time.GetUtcNow());
                if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= DiscordRateLimiter.Max429Retries)
                {
                    return response;
                }

                metrics.RateLimited(Platform.Discord);
                var (retryAfter, global) = await ReadRetryAfterAsync(response, cancellationToken).ConfigureAwait(false);
                LogRateLimited(route.Display, retryAfter.TotalMilliseconds, global, attempt + 1);
                if (global)
                {
                    limiter.PauseGlobal(retryAfter);
                }
                else
                {
                    bucket.Block(time.GetUtcNow() + retryAfter);
                }

                response.Dispose();
            }
        }
        finally
        {
            bucket.Exit();
        }
    }

    /// <summary>The JSON body's <c>retry_after</c> (seconds, fractional) wins; else <c>Retry-After</c>; else
    /// the bucket's reset; else one second.</summary>
    private static async Task<(TimeSpan RetryAfter, bool Global)> ReadRetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        double? seconds = null;
        var global = DiscordRateLimitBucket.TryGetHeader(response, "X-RateLimit-Global", out var globalHeader)
            && globalHeader.Equals("true", StringComparison.OrdinalIgnoreCase);
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0)
            {
                var error = JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordError);
                seconds = error?.RetryAfter;
                global |= error?.Global == true;
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML 429 page: fall back to the headers.
        }

        if (seconds is null && response.Headers.RetryAfter is { } header)
        {
            seconds = header.Delta?.TotalSeconds;
        }

        if (seconds is null && DiscordRateLimitBucket.TryGetHeader(response, "X-RateLimit-Reset-After", out var reset)
            && double.TryParse(reset, NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            seconds = resetAfter;
        }

        var value = Math.Clamp(seconds ?? 1, 0, 3600);
        return (TimeSpan.FromSeconds(value), global);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Discord {Route}: bucket exhausted, waiting {DelayMs} ms before sending")]
    private partial void LogPacing(string route, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route}: 429, retrying after {DelayMs} ms (global: {Global}, attempt {Attempt})")]
    private partial void LogRateLimited(string route, double delayMs, bool global, int attempt);
}
