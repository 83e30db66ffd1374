using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Il6Bot.Slack.WebApi;

/// <summary>How <see cref="SlackApiClient"/>'s standard resilience handler retries 5xx and timeouts (429s are
/// <see cref="SlackRateLimitHandler"/>'s).</summary>
internal static class SlackWebApiResilience
{
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
