using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Il6Bot.Slack.WebApi;

/// <summary>How the standard resilience handlers of <see cref="SlackApiClient"/> and <see cref="SlackResponseUrlClient"/>
/// retry 5xx and timeouts (429s are <see cref="SlackRateLimitHandler"/>'s).</summary>
internal static class SlackWebApiResilience
{
    /// <summary>
    /// Every response_url POST is a write (an answer, a shared section), and a 5xx or a timeout does not mean Slack
    /// did not show it: resending could show it twice and spends another of the URL's five uses. Only a request that
    /// never left (no connection could be made) is sent again.
    /// </summary>
    public static void ResendOnlyWhatNeverLeft(HttpStandardResilienceOptions options) =>
        options.Retry.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is HttpRequestException
            {
                HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError,
            });

    /// <summary>
    /// A 5xx or a timeout on chat.postMessage does not mean nothing was posted: resending blindly could post a nudge
    /// twice. <see cref="SlackNudgePoster"/> looks the message up by its key before it posts again. (429s are still
    /// retried by <see cref="SlackRateLimitHandler"/>: a rate-limited call posted nothing.)
    /// </summary>
    public static void NeverResendWrites(HttpStandardResilienceOptions options)
    {
        var shouldHandle = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = args =>
            args.Context.GetRequestMessage()?.Options.TryGetValue(SlackApiClient.NonIdempotent, out var nonIdempotent) == true && nonIdempotent
                ? ValueTask.FromResult(false)
                : shouldHandle(args);
    }
}
