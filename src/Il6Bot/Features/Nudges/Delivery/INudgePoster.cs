using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Delivery;

/// <summary>
/// Sends a nudge to one platform's channel. One implementation per platform (Discord, Slack, console);
/// the scheduler picks it by <see cref="Platform"/> and never sees a platform type. A poster makes one attempt
/// and says what its platform offers against duplicates (<see cref="Guarantees"/>); what to do about an
/// ambiguous attempt is decided once for every platform by <see cref="ExactlyOncePolicy"/>.
/// </summary>
public interface INudgePoster
{
    Platform Platform { get; }

    /// <summary>What the platform does to keep one nudge from being posted twice.</summary>
    DeliveryGuarantees Guarantees { get; }

    /// <summary>
    /// One attempt to post <paramref name="message"/>: <see cref="PostOutcome.Ambiguous"/> when the platform may
    /// have posted although the answer says otherwise (timeout, 5xx, connection lost after sending).
    /// </summary>
    /// <param name="idempotencyKey">Unique per (schedule, occurrence); Discord sends it as the message
    /// <c>nonce</c> with <c>enforce_nonce</c>, Slack carries it in message metadata so a post can be looked up.</param>
    Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Whether the bot can post to the channel (checked before a schedule is stored).</summary>
    Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Was the message with this key posted after <paramref name="since"/>? Asked by the policy only when
    /// <see cref="DeliveryGuarantees.FindsPostsByKey"/>; a platform without such a lookup answers unknown.
    /// </summary>
    Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// This poster acting in one guild/workspace (a schedule's or a request's tenant): on Slack every call then carries
    /// that workspace's token. Platforms with one credential for every tenant (Discord, the console) are themselves.
    /// </summary>
    INudgePoster ForTenant(string tenantId) => this;
}

public enum PostOutcome
{
    Posted,

    /// <summary>Will not succeed by retrying (missing access, unknown channel): mark the schedule failing.</summary>
    PermanentFailure,

    /// <summary>Retries ran out (5xx, timeouts); the occurrence is recorded as failed.</summary>
    TransientFailure,

    /// <summary>
    /// The platform may or may not have posted. Only a poster's single attempt answers this; the policy resolves it
    /// (looked up, reposted or given up as transient) before anything is recorded.
    /// </summary>
    Ambiguous,
}

public sealed record PostResult(PostOutcome Outcome, string? MessageId, string? Error)
{
    public static PostResult Posted(string messageId) => new(PostOutcome.Posted, messageId, null);

    public static PostResult Permanent(string error) => new(PostOutcome.PermanentFailure, null, error);

    public static PostResult Transient(string error) => new(PostOutcome.TransientFailure, null, error);

    /// <param name="why">What happened, e.g. "Slack answered HTTP 503"; the policy builds the recorded error from it.</param>
    public static PostResult Ambiguous(string why) => new(PostOutcome.Ambiguous, null, why);
}

public sealed record ChannelCheck(bool CanPost, string? Problem)
{
    public static ChannelCheck Ok { get; } = new(true, null);

    public static ChannelCheck No(string problem) => new(false, problem);
}

/// <summary>Found = posted (with its id), NotFound = certainly not posted, Unknown = cannot tell.</summary>
public sealed record LookupResult(LookupOutcome Outcome, string? MessageId)
{
    public static LookupResult Unknown { get; } = new(LookupOutcome.Unknown, null);

    public static LookupResult NotFound { get; } = new(LookupOutcome.NotFound, null);

    public static LookupResult Found(string messageId) => new(LookupOutcome.Found, messageId);
}

public enum LookupOutcome
{
    Found,
    NotFound,
    Unknown,
}
