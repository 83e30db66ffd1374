using Il6Bot.Messages;

namespace Il6Bot.Content;

/// <summary>One weekly training nudge from <c>content/nudges.md</c>.</summary>
/// <param name="Id">Stable id, so a stored rotation position survives edits that add nudges.</param>
/// <param name="Topic">The <c>/il6</c> topic id that backs the nudge's claims.</param>
public sealed record NudgeText(string Id, string Title, MessageDocument Body, string Topic, SourceLocation Source);
