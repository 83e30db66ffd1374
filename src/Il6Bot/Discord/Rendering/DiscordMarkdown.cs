using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Rendering;

/// <summary>
/// Discord markdown: escaping of plain text, and the message model rendered whole or in chunks that fit an embed
/// limit (<see cref="MessageChunker"/>; the markup of each node is <see cref="DiscordMarkdownDialect"/>).
/// </summary>
public static class DiscordMarkdown
{
    /// <summary>Markdown characters Discord honours anywhere in a line.</summary>
    private const string AlwaysEscaped = "\\*_~`|[]<";

    /// <summary>Characters that only start a heading, quote or list at the start of a word.</summary>
    private const string WordStartEscaped = "#>-+";

    public static MessageDialect Dialect { get; } = new DiscordMarkdownDialect();

    public static string Render(MessageDocument document) => Dialect.Render(document);

    /// <summary>Renders and splits into chunks of at most <paramref name="limit"/> characters; content
    /// preparation rejects a <see cref="MessageChunks.Degraded"/> result.</summary>
    public static MessageChunks RenderChunks(MessageDocument document, int limit) => MessageChunker.Split(Dialect, document, limit);

    /// <summary>Escapes Discord markdown in plain text.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    /// <summary>A markdown character gains a backslash; a dot gains one after a leading number ("1\.").</summary>
    internal static int EscapedWidth(char c) =>
        c == '.' || AlwaysEscaped.Contains(c, StringComparison.Ordinal) || WordStartEscaped.Contains(c, StringComparison.Ordinal) ? 2 : 1;

    internal static void AppendEscaped(StringBuilder builder, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var wordStart = i == 0 || char.IsWhiteSpace(text[i - 1]);
            if (AlwaysEscaped.Contains(c, StringComparison.Ordinal) || (wordStart && WordStartEscaped.Contains(c, StringComparison.Ordinal)))
            {
                builder.Append('\\');
            }

            builder.Append(c);

            // "1. " at a line start is a numbered list; escaping the dot after a leading number keeps it text.
            if (wordStart && char.IsAsciiDigit(c))
            {
                var j = i + 1;
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                if (j < text.Length && text[j] == '.')
                {
                    builder.Append(text, i + 1, j - i - 1).Append("\\.");
                    i = j;
                }
            }
        }
    }
}
