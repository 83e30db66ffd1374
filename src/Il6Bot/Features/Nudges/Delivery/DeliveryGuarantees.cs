namespace Il6Bot.Features.Nudges.Delivery;

/// <summary>
/// What a platform offers against posting one nudge twice, declared by its <see cref="INudgePoster"/>. The
/// exactly-once policy (<see cref="ExactlyOncePolicy"/>) reads only this, never which platform it is.
/// </summary>
/// <param name="IdempotencyWindow">
/// For how long after a post the platform drops a repost with the same idempotency key, so that reposting inside it
/// cannot make a second message; <see cref="TimeSpan.Zero"/> when the platform never does.
/// </param>
/// <param name="FindsPostsByKey">Whether <see cref="INudgePoster.FindPostedAsync"/> can tell "posted" from "not posted".</param>
public sealed record DeliveryGuarantees(TimeSpan IdempotencyWindow, bool FindsPostsByKey)
{
    /// <summary>Neither: an ambiguous post stays unknown and is never repeated.</summary>
    public static DeliveryGuarantees None { get; } = new(TimeSpan.Zero, FindsPostsByKey: false);

    /// <summary>Whether, <paramref name="elapsed"/> after the first post, a repost with the same key still cannot duplicate it.</summary>
    public bool DropsRepostAfter(TimeSpan elapsed) => IdempotencyWindow > TimeSpan.Zero && elapsed <= IdempotencyWindow;
}
