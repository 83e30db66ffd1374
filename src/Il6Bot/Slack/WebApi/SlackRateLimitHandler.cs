using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Observability;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Slack's rate limits are per Web API method per workspace: a 429 carries <c>Retry-After</c> (seconds). This handler
/// waits that long (on <see cref="TimeProvider"/>) and retries a bounded number of times, and holds back other calls
/// to the same method with the same bot token (which names the workspace) until the window has passed. It is the
/// only place a 429 is retried; the standard resilience handler inside it is told to leave 429s alone so retries
/// never stack.
/// </summary>
public sealed partial class SlackRateLimitHandler(TimeProvider time, Il6BotMetrics metrics, ILogger<SlackRateLimitHandler> logger) : DelegatingHandler
{
    private const int MaxRetries = 3;

    /// <summary>When Slack sends no usable Retry-After.</summary>
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>A longer wait than this is not worth holding a request for; the 429 is returned.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<(ulong Workspace, string Method), DateTimeOffset> _notBefore = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri?.Segments.LastOrDefault() ?? string.Empty;
        var key = (WorkspaceOf(request), method);
        for (var attempt = 0; ; attempt++)
        {
            if (_notBefore.TryGetValue(key, out var notBefore))
            {
                var wait = notBefore - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    metrics.RateLimitWaited(Platform.Slack, wait);
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Passed windows go, so uninstalled workspaces and rotated tokens leave nothing behind.
                    _notBefore.TryRemove(new KeyValuePair<(ulong, string), DateTimeOffset>(key, notBefore));
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

            _notBefore[key] = time.GetUtcNow() + retryAfter;
            if (attempt >= MaxRetries || retryAfter > MaxRetryAfter)
            {
                LogGaveUp(method, attempt + 1);
                return response;
            }

            LogRateLimited(method, retryAfter.TotalSeconds);
            response.Dispose();
        }
    }

    /// <summary>
    /// The bot token a call carries names the workspace Slack counts it against. Only a hash of it is kept: the
    /// windows outlive the request, and a rate-limit table is no place for credentials. Calls without a bearer token
    /// (the OAuth exchange, made with the app's own credentials) share one window per method.
    /// </summary>
    private static ulong WorkspaceOf(HttpRequestMessage request)
    {
        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: { Length: > 0 } token })
        {
            return 0;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack rate-limited {Method}; retrying after {Seconds} s")]
    private partial void LogRateLimited(string method, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack kept rate-limiting {Method} after {Attempts} attempts")]
    private partial void LogGaveUp(string method, int attempts);
}
