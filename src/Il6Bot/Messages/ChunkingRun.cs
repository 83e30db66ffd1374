namespace Il6Bot.Messages;

/// <summary>One split of one message: the dialect, the limit every chunk keeps to, and whether anything had to be
/// broken to get there.</summary>
internal sealed class ChunkingRun(MessageDialect dialect, int limit)
{
    public MessageDialect Dialect { get; } = dialect;

    public int Limit { get; } = limit;

    public Func<char, int> Width => Dialect.Width;

    public bool Degraded { get; set; }

    /// <summary>Whether <paramref name="text"/> still fits once every one of its lines has grown by
    /// <paramref name="indent"/> (the prefixes of the lists and quotes around it).</summary>
    public bool Fits(string text, int indent) => Measure(text, indent) <= Limit;

    public static int Measure(string text, int indent) =>
        indent == 0 ? text.Length : text.Length + (indent * (1 + text.AsSpan().Count('\n')));
}
