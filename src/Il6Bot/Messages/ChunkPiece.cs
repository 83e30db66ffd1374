namespace Il6Bot.Messages;

/// <summary>Rendered text that stays whole inside one chunk, and what joins it to the piece before it when the
/// two share a chunk (dropped where a chunk ends).</summary>
/// <param name="KeepWithNext">A heading (or a bold line standing for one): it starts a new chunk rather than end
/// one without the text it introduces, when the two fit together.</param>
internal readonly record struct ChunkPiece(string Text, string Separator, bool KeepWithNext = false);
