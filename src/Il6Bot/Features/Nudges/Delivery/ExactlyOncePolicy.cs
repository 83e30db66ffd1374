using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Delivery;

/// <summary>
/// The one rule, for every platform, that keeps a nudge from being posted twice or silently dropped: post with
/// the delivery's idempotency key; when the outcome is ambiguous (the platform may have posted), find out before
/// posting again: look the post up by its key where the platform can, or repost with the same key while the
/// platform still drops duplicates of it (<see cref="DeliveryGuarantees"/>); when neither settles it, give up
/// rather than risk a second message. A delivery left "sending" by a crash is an ambiguous outcome too, and is
/// settled by the same <see cref="FindOutAsync"/>.
/// </summary>
public sealed partial class ExactlyOncePolicy(TimeProvider time, ILogger<ExactlyOncePolicy> logger)
{
    /// <summary>At most this many posts per nudge (a platform's own rate-limit waits, which post nothing, aside).</summary>
    public const int MaxPostAttempts = 3;

    /// <summary>Backoff before finding out after the first ambiguous attempt; doubles per attempt, plus up to 100 % jitter.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// No new attempt starts this long after the first. With a poster's own timeouts and a lookup this keeps a post
    /// well inside <see cref="NudgeScheduler.StaleSendingAfter"/>, so stale-row resolution never races a live post.
    /// </summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(45);

    /// <summary>A lookup reads from this long before the first attempt (the platform's clock is not ours).</summary>
    public static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(2);

    /// <summary>The wait after ambiguous attempt <paramref name="attempt"/> (1-based); <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan RetryDelay(int attempt, double jitter) =>
        RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + Math.Clamp(jitter, 0, 1));

    /// <summary>Posts <paramref name="message"/> once: never an <see cref="PostOutcome.Ambiguous"/> result.</summary>
    public async Task<PostResult> PostAsync(INudgePoster poster, string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var result = await poster.PostAsync(channelId, message, idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != PostOutcome.Ambiguous)
            {
                return result;
            }

            // The platform may have posted. Give it a moment to finish what it started, then find out before posting again.
            var ambiguity = result.Error ?? "the answer was unclear";
            LogAmbiguous(poster.Platform, channelId, attempt, ambiguity);
            await Task.Delay(RetryDelay(attempt, Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
            var mayPostAgain = attempt < MaxPostAttempts && time.GetUtcNow() - started < RetryBudget;
            var (finding, messageId) = await FindOutAsync(poster, channelId, idempotencyKey, started, cancellationToken).ConfigureAwait(false);
            switch (finding)
            {
                case Finding.Posted:
                    LogFoundAfterAmbiguous(poster.Platform, channelId, attempt);
                    return PostResult.Posted(messageId);

                case Finding.NotPosted or Finding.RepostIsDropped when mayPostAgain:
                    LogPostingAgain(poster.Platform, channelId, attempt + 1, finding == Finding.NotPosted ? "it is certainly not posted" : "the platform drops a repost with the same key");
                    break;

                case Finding.NotPosted:
                    return PostResult.Transient($"{ambiguity}; not posted after {attempt} attempts.");

                default:
                    return PostResult.Transient(poster.Guarantees.FindsPostsByKey
                        ? $"{ambiguity}; unknown whether {poster.Platform} posted it, because looking it up failed."
                        : $"{ambiguity}; unknown whether {poster.Platform} posted it, and it cannot be looked up.");
            }
        }
    }

    /// <summary>
    /// What can be known about a post with <paramref name="idempotencyKey"/> whose outcome has been open since
    /// <paramref name="uncertainSince"/> (its first attempt, or a crashed process's claim).
    /// </summary>
    internal async Task<(Finding Finding, string MessageId)> FindOutAsync(
        INudgePoster poster, string channelId, string idempotencyKey, DateTimeOffset uncertainSince, CancellationToken cancellationToken)
    {
        var guarantees = poster.Guarantees;
        if (guarantees.FindsPostsByKey)
        {
            var lookup = await poster.FindPostedAsync(channelId, idempotencyKey, uncertainSince - LookupMargin, cancellationToken).ConfigureAwait(false);
            switch (lookup.Outcome)
            {
                case LookupOutcome.Found:
                    return (Finding.Posted, lookup.MessageId ?? string.Empty);
                case LookupOutcome.NotFound:
                    return (Finding.NotPosted, string.Empty);
            }
        }

        return guarantees.DropsRepostAfter(time.GetUtcNow() - uncertainSince)
            ? (Finding.RepostIsDropped, string.Empty)
            : (Finding.Unknown, string.Empty);
    }

    /// <summary>What <see cref="FindOutAsync"/> learnt.</summary>
    internal enum Finding
    {
        Posted,

        /// <summary>Certainly not posted: posting again cannot duplicate it.</summary>
        NotPosted,

        /// <summary>Unknown, but the platform would drop a repost with the same key: posting again cannot duplicate it.</summary>
        RepostIsDropped,

        /// <summary>Posting again could make a second message.</summary>
        Unknown,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting a nudge to {Platform} channel {Channel} failed ambiguously (attempt {Attempt}): {Ambiguity}; finding out before posting again")]
    private partial void LogAmbiguous(Platform platform, string channel, int attempt, string ambiguity);

    [LoggerMessage(Level = LogLevel.Information, Message = "The nudge for {Platform} channel {Channel} was posted despite the failure of attempt {Attempt}; not posting again")]
    private partial void LogFoundAfterAmbiguous(Platform platform, string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The nudge for {Platform} channel {Channel} is posted again (attempt {Attempt}): {Reason}")]
    private partial void LogPostingAgain(Platform platform, string channel, int attempt, string reason);
}
