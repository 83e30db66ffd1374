namespace Il6Bot.Messages;

/// <summary>
/// A message rendered in chunks that each fit a limit. <see cref="Degraded"/> says something could only fit by
/// being broken: a word or code line cut where there was no space, a link, code span or mention shown as plain
/// text. What to do about that is the caller's choice: content preparation rejects it, a live reply is still sent.
/// </summary>
public sealed record MessageChunks(IReadOnlyList<string> Chunks, bool Degraded);
