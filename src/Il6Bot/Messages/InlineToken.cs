namespace Il6Bot.Messages;

internal enum InlineTokenKind
{
    Word,
    Space,

    /// <summary>A line break, or white space with a newline in it.</summary>
    Break,

    /// <summary>A link, code span, timestamp or mention: never cut.</summary>
    Atom,
}

/// <summary>
/// What an over-long paragraph may be split around: a word, the white space between words, a line break or an
/// atom, with the Strong/Emphasis nodes around it (outermost first) so each piece can be rebuilt and rendered with
/// its styling closed and reopened.
/// </summary>
/// <param name="Source">For words and white space, the text this token is a slice of.</param>
/// <param name="Node">For atoms and line breaks, the node itself.</param>
/// <param name="Width">The rendered width, never less than the real one.</param>
/// <param name="NewLines">How many lines it starts (each carries the indent of the lists and quotes around it).</param>
internal readonly record struct InlineToken(
    InlineTokenKind Kind,
    string Source,
    int Start,
    int Length,
    MessageInline? Node,
    MessageInline[] Path,
    int Width,
    int NewLines,
    bool EndsSentence)
{
    public bool IsWhiteSpace => Kind is InlineTokenKind.Space or InlineTokenKind.Break;

    public ReadOnlySpan<char> Text => Source.AsSpan(Start, Length);
}
