namespace Il6Bot.Content;

/// <summary>
/// Implemented by each platform adapter: renders the content's fixed replies once per load, keyed by the reply
/// instance, so the request path only looks bytes up. Throwing <see cref="ContentException"/> rejects the content
/// (a reply that can never fit the platform's limits) before it is published.
/// </summary>
public interface IRenderCache
{
    void Warm(IReadOnlyList<PreparedReply> replies);
}
