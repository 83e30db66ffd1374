namespace Il6Bot.Discord.Interactions;

/// <summary>
/// The deadlines <see cref="DiscordInteractionHandler"/> works to, registered once per host
/// (<see cref="Default"/> unless another is registered first).
/// </summary>
/// <param name="DeferAfter">An answer not ready by then is deferred (type 5) and completed later.</param>
/// <param name="AcknowledgeTimeout">How long background work waits for <see cref="DiscordInteractionResult.Acknowledge"/>
/// before going ahead anyway (a transport that never acknowledges must not leak work).</param>
public sealed record DiscordInteractionTiming(TimeSpan DeferAfter, TimeSpan AcknowledgeTimeout)
{
    /// <summary>Discord gives 3 s for the first answer; deferring at 2 s leaves room for the network.</summary>
    public static DiscordInteractionTiming Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
}
