using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Il6Bot.Transports;

/// <summary>
/// The one way a platform's typed HTTP client is registered. Every one drops the default HttpClient loggers:
/// they log request URLs, and platform URLs are credentials (Discord interaction tokens, a Slack
/// <c>response_url</c>). Clients that singletons hold for the bot's own calls add <see cref="WithRetries"/>.
/// </summary>
public static class PlatformHttpClient
{
    public static IHttpClientBuilder AddPlatformHttpClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(this IServiceCollection services, Action<IServiceProvider, HttpClient>? configure = null)
        where TClient : class =>
        (configure is null ? services.AddHttpClient<TClient>() : services.AddHttpClient<TClient>(configure)).RemoveAllLoggers();

    /// <summary>With the trailing slash, so a relative path is appended instead of replacing the last segment.</summary>
    public static Uri ApiBaseAddress(string apiBaseUrl) => new(apiBaseUrl.TrimEnd('/') + "/");

    /// <summary>
    /// Connections recycled by the primary handler rather than by the factory (singletons hold these clients,
    /// so a rotated handler would never reach them, and DNS changes must stay visible); then the platform's
    /// rate-limit handler, when it has one, outside the standard resilience handler, which retries 5xx, 408
    /// and timeouts, except on a request marked <see cref="NonIdempotent"/>, but never a 429: the rate-limit
    /// handler owns those, and retrying them here too would multiply attempts.
    /// </summary>
    public static IHttpClientBuilder WithRetries<TRateLimitHandler>(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? tune = null)
        where TRateLimitHandler : DelegatingHandler
    {
        HeldBySingletons(builder).AddHttpMessageHandler<TRateLimitHandler>().AddStandardResilienceHandler(options => Configure(options, tune));
        return builder;
    }

    /// <inheritdoc cref="WithRetries{TRateLimitHandler}"/>
    public static IHttpClientBuilder WithRetries(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? tune = null)
    {
        HeldBySingletons(builder).AddStandardResilienceHandler(options => Configure(options, tune));
        return builder;
    }

    /// <summary>
    /// Set on a request that must not be sent twice (a post with no idempotency key, a single-use OAuth code): after
    /// a 5xx or a timeout it may already have had its effect, so the resilience handler hands the failure back and the
    /// caller decides. A 429 is still retried by the platform's rate-limit handler: a rate-limited request did nothing.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NonIdempotent = new("Il6Bot.NonIdempotent");

    /// <summary>What the resilience handler retries and counts towards its circuit breaker.</summary>
    public static bool IsTransientButNotRateLimited(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome);

    private static bool IsNonIdempotent(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(NonIdempotent, out var nonIdempotent) == true && nonIdempotent;

    private static IHttpClientBuilder HeldBySingletons(IHttpClientBuilder builder) =>
        builder
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    private static void Configure(HttpStandardResilienceOptions options, Action<HttpStandardResilienceOptions>? tune)
    {
        options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransientButNotRateLimited(args.Outcome) && !IsNonIdempotent(args.Context));
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransientButNotRateLimited(args.Outcome));
        tune?.Invoke(options);
    }
}
