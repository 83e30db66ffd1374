using System.Text;

namespace Il6Bot.Messages;

/// <summary>
/// What stands before each line of a list item or quote: <see cref="First"/> before the item's first line (its
/// marker), <see cref="Rest"/> before every later line, and before blank lines only when
/// <see cref="BlankLinesToo"/>.
/// </summary>
internal readonly record struct LinePrefix(string First, string Rest, bool BlankLinesToo)
{
    public static LinePrefix Quote { get; } = new("> ", "> ", BlankLinesToo: true);

    /// <summary>The most any one line grows by.</summary>
    public int Width => Math.Max(First.Length, Rest.Length);

    /// <param name="continued">A later piece of a split item: its first line is not the item's first line.</param>
    public void Append(StringBuilder builder, string text, bool continued)
    {
        builder.Append(continued ? Rest : First);
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n')
            {
                continue;
            }

            builder.Append(text, lineStart, i + 1 - lineStart);
            lineStart = i + 1;
            if (BlankLinesToo || (lineStart < text.Length && text[lineStart] != '\n'))
            {
                builder.Append(Rest);
            }
        }

        builder.Append(text, lineStart, text.Length - lineStart);
    }

    public string Apply(string text, bool continued)
    {
        var builder = new StringBuilder(text.Length + First.Length + (Rest.Length * 4));
        Append(builder, text, continued);
        return builder.ToString();
    }

    /// <summary>
    /// What joins two prefixed pieces that end up in one chunk: each piece starts a line of its own (a space
    /// would put the prefix mid-line), and a blank line between them is prefixed as the whole item's would be.
    /// </summary>
    public string Separator(string inner)
    {
        var newlines = inner.AsSpan().Count('\n');
        if (newlines <= 1)
        {
            return "\n";
        }

        var blank = BlankLinesToo ? Rest : string.Empty;
        var builder = new StringBuilder("\n");
        for (var i = 1; i < newlines; i++)
        {
            builder.Append(blank).Append('\n');
        }

        return builder.ToString();
    }
}
