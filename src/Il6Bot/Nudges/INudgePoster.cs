using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Nudges;

/// <summary>
/// Sends a nudge to one platform's channel. One implementation per platform (Discord, Slack, console);
/// the scheduler picks it by <see cref="Platform"/> and never sees a platform type.
/// </summary>
public interface INudgePoster
{
    Platform Platform { get; }

    /// <summary>Posts <paramref name="message"/>.</summary>
    /// <param name="idempotencyKey">Unique per (schedule, occurrence); Discord sends it as the message
    /// <c>nonce</c> with <c>enforce_nonce</c>, Slack carries it in message metadata so a stale delivery
    /// can be looked up.</param>
    Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Whether the bot can post to the channel (checked before a schedule is stored).</summary>
    Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// After a crash between "sending" and "sent": was the message with this key posted after
    /// <paramref name="since"/>? Returns the message id, or null when it was not (or cannot be known).
    /// </summary>
    Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken);
}

public enum PostOutcome
{
    Posted,

    /// <summary>Will not succeed by retrying (missing access, unknown channel): mark the schedule failing.</summary>
    PermanentFailure,

    /// <summary>Retries ran out (5xx, timeouts); the occurrence is recorded as failed.</summary>
    TransientFailure,
}

public sealed record PostResult(PostOutcome Outcome, string? MessageId, string? Error)
{
    public static PostResult Posted(string messageId) => new(PostOutcome.Posted, messageId, null);

    public static PostResult Permanent(string error) => new(PostOutcome.PermanentFailure, null, error);

    public static PostResult Transient(string error) => new(PostOutcome.TransientFailure, null, error);
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
