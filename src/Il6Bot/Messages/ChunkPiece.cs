namespace Il6Bot.Messages;

/// <summary>Rendered text that stays whole inside one chunk, and what joins it to the piece before it when the
/// two share a chunk (dropped where a chunk ends).</summary>
internal readonly record struct ChunkPiece(string Text, string Separator);
