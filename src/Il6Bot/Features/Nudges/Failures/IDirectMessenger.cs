using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Failures;

/// <summary>
/// A private message to one member of a server or workspace: how the bot tells a moderator something only they need
/// to know (a schedule of theirs stopped posting). One per platform, beside its <c>INudgePoster</c>; the nudge core
/// decides when to send and never sees how (Discord opens a DM channel, Slack posts to the user id).
/// </summary>
public interface IDirectMessenger
{
    Platform Platform { get; }

    /// <summary>
    /// One attempt, which the caller never repeats: an undeliverable message (the member closed their DMs, left, or the
    /// app lacks a scope) is reported, not retried.
    /// </summary>
    /// <param name="tenantId">The guild or workspace the member belongs to (a workspace picks the token to use).</param>
    /// <param name="idempotencyKey">Lets a platform that can drop a repeat (Discord's nonce) do so when its transport resends.</param>
    Task<DirectMessageResult> SendAsync(string tenantId, string userId, Reply message, string idempotencyKey, CancellationToken cancellationToken);
}

/// <param name="Problem">Why it was not delivered, fit for a log line: never a token.</param>
public sealed record DirectMessageResult(bool Delivered, string? Problem)
{
    public static DirectMessageResult Sent { get; } = new(true, null);

    public static DirectMessageResult Failed(string problem) => new(false, problem);
}
