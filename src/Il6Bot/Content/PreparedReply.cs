using Il6Bot.Messages;

namespace Il6Bot.Content;

/// <summary>
/// A reply fixed for one content snapshot (an article section), created once at content load so every
/// request answers with this same instance and platforms can keep its rendering keyed by it.
/// </summary>
/// <param name="Name">Names the reply in a rejection (e.g. the section id).</param>
/// <param name="Source">Where its content is, for a rejection's file:line.</param>
public sealed record PreparedReply(Reply Reply, string Name, SourceLocation Source);
