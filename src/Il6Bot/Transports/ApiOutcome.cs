using Il6Bot.Features.Nudges.Delivery;

namespace Il6Bot.Transports;

/// <summary>
/// How a call to a platform's API ended, in the terms a caller decides on: whether the platform did what was
/// asked, certainly did not, or may have. What each means for a caller (retry, give up, find out) is the
/// caller's decision; for a nudge, the poster's (see <c>INudgePoster</c>).
/// </summary>
public enum ApiOutcome
{
    /// <summary>The platform did it: a 2xx (with, on Slack, <c>ok: true</c>).</summary>
    Succeeded,

    /// <summary>The platform answered that it did not do it: a 4xx other than 429, or an error code in the answer.</summary>
    Refused,

    /// <summary>Rate-limited beyond the client's own waits (a 429, Slack's <c>ratelimited</c>): nothing was done;
    /// <see cref="ApiResult.RetryAfter"/> says when to try again, when the platform said.</summary>
    RateLimited,

    /// <summary>Nothing was sent (the client's circuit breaker is open after repeated failures); a later call may work.</summary>
    NotSent,

    /// <summary>
    /// The platform may or may not have done it: a 5xx, a timeout, a connection lost after sending, an answer that
    /// could not be read, or an error the platform documents as possibly partial.
    /// </summary>
    Ambiguous,
}
