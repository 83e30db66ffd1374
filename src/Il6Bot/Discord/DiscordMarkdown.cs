using System.Globalization;
using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Discord;

/// <summary>
/// Walks a <see cref="MessageDocument"/> into Discord markdown. <see cref="RenderChunks"/> splits only at
/// block boundaries (list items, quote lines, code lines), and inside a single over-long paragraph at a
/// sentence, else a word boundary; links, inline code, timestamps and mentions are never cut.
/// </summary>
public static class DiscordMarkdown
{
    /// <summary>Markdown characters Discord honours anywhere in a line.</summary>
    private const string AlwaysEscaped = "\\*_~`|[]<";

    /// <summary>Characters that only start a heading, quote or list at the start of a word.</summary>
    private const string WordStartEscaped = "#>-+";

    public static string Render(MessageDocument document) => string.Join("\n\n", document.Blocks.Select(b => RenderBlock(b)));

    public static string RenderInlines(IReadOnlyList<MessageInline> inlines)
    {
        var builder = new StringBuilder();
        AppendInlines(builder, inlines);
        return builder.ToString();
    }

    /// <summary>Renders and splits into chunks of at most <paramref name="limit"/> characters.</summary>
    public static IReadOnlyList<string> RenderChunks(MessageDocument document, int limit) => RenderChunks(document, limit, out _);

    /// <param name="degraded">True when something could only fit by breaking it (a link longer than the
    /// limit becomes plain text, a word longer than the limit is cut); content preparation rejects that.</param>
    public static IReadOnlyList<string> RenderChunks(MessageDocument document, int limit, out bool degraded)
    {
        var context = new SplitContext();
        var pieces = new List<Piece>();
        foreach (var block in document.Blocks)
        {
            pieces.AddRange(BlockPieces(block, limit, context));
        }

        degraded = context.Degraded;
        return Pack(pieces, limit);
    }

    /// <summary>Escapes Discord markdown in plain text.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, string text)
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

    private static string RenderBlock(MessageBlock block) => block switch
    {
        ParagraphBlock p => RenderInlines(p.Inlines),
        HeadingBlock h => Wrap("**", RenderInlines(h.Inlines)),
        ListBlock l => string.Join("\n", l.Items.Select((item, i) => PrefixLines(RenderItem(item), Marker(l, i)))),
        QuoteBlock q => PrefixLines(string.Join("\n\n", q.Blocks.Select(b => RenderBlock(b))), "> ", "> ", blankToo: true),
        CodeBlock c => Fence(c.Code),
        _ => string.Empty,
    };

    private static string RenderItem(IReadOnlyList<MessageBlock> blocks) => string.Join("\n", blocks.Select(b => RenderBlock(b)));

    private static string Marker(ListBlock list, int index) =>
        list.Ordered ? (index + 1).ToString(CultureInfo.InvariantCulture) + ". " : "- ";

    private static string PrefixLines(string text, string marker) => PrefixLines(text, marker, new string(' ', marker.Length), blankToo: false);

    private static string PrefixLines(string text, string first, string rest, bool blankToo)
    {
        var lines = text.Split('\n');
        var builder = new StringBuilder(text.Length + (lines.Length * rest.Length));
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            if (i == 0)
            {
                builder.Append(first);
            }
            else if (lines[i].Length > 0 || blankToo)
            {
                builder.Append(rest);
            }

            builder.Append(lines[i]);
        }

        return builder.ToString();
    }

    private static string Fence(string code) => "```\n" + SafeCode(code.TrimEnd('\n')) + "\n```";

    // A fence inside code would end the block early; a zero-width space between the backticks defuses it.
    private static string SafeCode(string code) => code.Replace("```", "`\u200b``", StringComparison.Ordinal);

    private static string Wrap(string marker, string inner) => inner.Length == 0 ? string.Empty : marker + inner + marker;

    private static void AppendInlines(StringBuilder builder, IReadOnlyList<MessageInline> inlines)
    {
        foreach (var inline in inlines)
        {
            builder.Append(RenderInline(inline));
        }
    }

    private static string RenderInline(MessageInline inline) => inline switch
    {
        TextInline t => Escape(t.Text),
        StrongInline s => Wrap("**", RenderInlines(s.Inlines)),
        EmphasisInline e => Wrap("*", RenderInlines(e.Inlines)),
        LinkInline l => RenderLink(l),
        CodeInline c => RenderCode(c.Code),
        LineBreakInline => "\n",
        TimestampInline t => $"<t:{t.Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:F>",
        ChannelInline c => c.ChannelId.Length > 0 && c.ChannelId.All(char.IsAsciiDigit) ? $"<#{c.ChannelId}>" : Escape("#" + c.ChannelId),
        _ => string.Empty,
    };

    private static string RenderLink(LinkInline link)
    {
        var text = RenderInlines(link.Inlines);
        if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // Discord only masks http(s) links; anything else is shown as its text.
            return text;
        }

        var url = link.Url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        return text.Length == 0 ? "<" + url + ">" : "[" + text + "](" + url + ")";
    }

    private static string RenderCode(string code)
    {
        if (code.Length == 0)
        {
            return string.Empty;
        }

        var clean = code.Replace('\n', ' ');
        return clean.Contains('`', StringComparison.Ordinal) ? "`` " + clean.Replace("``", "`\u200b`", StringComparison.Ordinal) + " ``" : "`" + clean + "`";
    }

    // ---- splitting ----

    private sealed class SplitContext
    {
        public bool Degraded { get; set; }
    }

    /// <summary>A piece of rendered text that may be separated from its neighbours.</summary>
    private readonly record struct Piece(string Text, string Separator);

    private static List<string> Pack(List<Piece> pieces, int limit)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece.Text.Length == 0)
            {
                continue;
            }

            if (current.Length == 0)
            {
                current.Append(piece.Text);
            }
            else if (current.Length + piece.Separator.Length + piece.Text.Length <= limit)
            {
                current.Append(piece.Separator).Append(piece.Text);
            }
            else
            {
                chunks.Add(current.ToString());
                current.Clear().Append(piece.Text);
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    private static IEnumerable<Piece> BlockPieces(MessageBlock block, int limit, SplitContext context)
    {
        switch (block)
        {
            case ParagraphBlock p:
                return InlinePieces(p.Inlines, limit, context, "\n\n");
            case HeadingBlock h:
                return InlinePieces([new StrongInline(h.Inlines)], limit, context, "\n\n");
            case ListBlock l:
                return ListPieces(l, limit, context);
            case QuoteBlock q:
                return PrefixedPieces(q.Blocks.SelectMany(b => BlockPieces(b, limit - 2, context)), "> ", "> ", limit, context, "\n\n");
            case CodeBlock c:
                return CodePieces(c.Code, limit, context);
            default:
                return [];
        }
    }

    private static List<Piece> ListPieces(ListBlock list, int limit, SplitContext context)
    {
        var result = new List<Piece>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var marker = Marker(list, i);
            var indent = new string(' ', marker.Length);
            var inner = list.Items[i].SelectMany(b => BlockPieces(b, limit - marker.Length, context)).Select(p => p with { Separator = "\n" });
            var itemPieces = PrefixedPieces(inner, marker, indent, limit, context, "\n").ToList();
            if (itemPieces.Count > 0)
            {
                itemPieces[0] = itemPieces[0] with { Separator = i == 0 ? "\n\n" : "\n" };
            }

            result.AddRange(itemPieces);
        }

        return result;
    }

    /// <summary>Prefixes every line (the very first with <paramref name="first"/>); a prefixed piece that
    /// grew past the limit is split at its line boundaries.</summary>
    private static IEnumerable<Piece> PrefixedPieces(IEnumerable<Piece> inner, string first, string rest, int limit, SplitContext context, string separator)
    {
        var isFirst = true;
        var blankToo = first == rest;
        foreach (var piece in inner)
        {
            var prefixed = PrefixLines(piece.Text, isFirst ? first : rest, rest, blankToo);
            var pieceSeparator = isFirst ? separator : (blankToo ? "\n" + rest.TrimEnd() + "\n" : piece.Separator);
            isFirst = false;
            if (prefixed.Length <= limit)
            {
                yield return new Piece(prefixed, pieceSeparator);
                continue;
            }

            var lines = new List<Piece>();
            foreach (var line in prefixed.Split('\n'))
            {
                lines.Add(new Piece(line.Length <= limit ? line : HardCut(line, limit, context), "\n"));
            }

            var packed = Pack(lines, limit);
            for (var i = 0; i < packed.Count; i++)
            {
                yield return new Piece(packed[i], i == 0 ? pieceSeparator : "\n");
            }
        }
    }

    private static string HardCut(string text, int limit, SplitContext context)
    {
        context.Degraded = true;
        return text[..SafeCutIndex(text, limit)];
    }

    private static int SafeCutIndex(string text, int index) => TextCut.SafeIndex(text, index);

    private static IEnumerable<Piece> CodePieces(string code, int limit, SplitContext context)
    {
        var fenced = Fence(code);
        if (fenced.Length <= limit)
        {
            yield return new Piece(fenced, "\n\n");
            yield break;
        }

        const int fenceCost = 8; // "```\n" + "\n```"
        var room = limit - fenceCost;
        var lines = new List<Piece>();
        foreach (var line in SafeCode(code.TrimEnd('\n')).Split('\n'))
        {
            var rest = line;
            while (rest.Length > room)
            {
                // Prefer a space so only a single giant token is ever cut.
                var space = rest.LastIndexOf(' ', room - 1, room);
                var cut = space > 0 ? space : SafeCutIndex(rest, room);
                context.Degraded |= space <= 0;
                lines.Add(new Piece(rest[..cut], "\n"));
                rest = rest[cut..];
            }

            lines.Add(new Piece(rest.Length == 0 ? " " : rest, "\n"));
        }

        var first = true;
        foreach (var chunk in Pack(lines, room))
        {
            yield return new Piece("```\n" + chunk + "\n```", first ? "\n\n" : "\n");
            first = false;
        }
    }

    private static IEnumerable<Piece> InlinePieces(IReadOnlyList<MessageInline> inlines, int limit, SplitContext context, string separator)
    {
        var whole = RenderInlines(inlines);
        if (whole.Length <= limit)
        {
            return [new Piece(whole, separator)];
        }

        var words = new List<Word>();
        var gap = string.Empty;
        Flatten(inlines, Style.None, words, ref gap, limit, context);
        return SplitWords(words, limit, context).Select((text, i) => new Piece(text, i == 0 ? separator : "\n"));
    }

    [Flags]
    private enum Style
    {
        None = 0,
        Strong = 1,
        Emphasis = 2,
    }

    /// <param name="Gap">Whitespace before the word ("", " " or "\n").</param>
    /// <param name="Text">Rendered (escaped) text; atomic words (links, code, mentions) are whole.</param>
    private sealed record Word(string Gap, string Text, Style Style, bool SentenceEnd);

    private static void Flatten(IReadOnlyList<MessageInline> inlines, Style style, List<Word> words, ref string gap, int limit, SplitContext context)
    {
        var room = limit - (2 * MarkerLength(Style.Strong | Style.Emphasis));
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextInline t:
                    AddText(t.Text, style, words, ref gap, room, context);
                    break;
                case StrongInline s:
                    Flatten(s.Inlines, style | Style.Strong, words, ref gap, limit, context);
                    break;
                case EmphasisInline e:
                    Flatten(e.Inlines, style | Style.Emphasis, words, ref gap, limit, context);
                    break;
                case LineBreakInline:
                    gap = "\n";
                    break;
                default:
                    var atom = RenderInline(inline);
                    if (atom.Length > room)
                    {
                        // A link that cannot fit anywhere is shown as its plain text, which can be cut.
                        context.Degraded = true;
                        AddText(PlainText.Render([inline]), style, words, ref gap, room, context);
                    }
                    else if (atom.Length > 0)
                    {
                        words.Add(new Word(gap, atom, style, SentenceEnd: false));
                        gap = string.Empty;
                    }

                    break;
            }
        }
    }

    private static void AddText(string text, Style style, List<Word> words, ref string gap, int room, SplitContext context)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                gap = text.AsSpan(start, i - start).Contains('\n') || gap == "\n" ? "\n" : " ";
                continue;
            }

            var wordStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var raw = text[wordStart..i];

            // Escaping at most doubles a word, so cutting the raw text at half the room always fits.
            var rawRoom = Math.Max(1, room / 2);
            while (Escape(raw).Length > room)
            {
                context.Degraded = true;
                var cut = SafeCutIndex(raw, rawRoom);
                words.Add(new Word(gap, Escape(raw[..cut]), style, SentenceEnd: false));
                gap = " ";
                raw = raw[cut..];
            }

            words.Add(new Word(gap, Escape(raw), style, IsSentenceEnd(raw)));
            gap = string.Empty;
        }
    }

    private static bool IsSentenceEnd(string raw)
    {
        var trimmed = raw.TrimEnd('"', '\'', ')', '\u201d', '\u2019');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?';
    }

    private static int MarkerLength(Style style) =>
        ((style & Style.Strong) != 0 ? 2 : 0) + ((style & Style.Emphasis) != 0 ? 1 : 0);

    private static List<string> SplitWords(List<Word> words, int limit, SplitContext context)
    {
        var chunks = new List<string>();
        var start = 0;
        while (start < words.Count)
        {
            var cost = 0;
            var lastFit = start - 1;
            var lastSentence = -1;
            var previous = Style.None;
            for (var i = start; i < words.Count; i++)
            {
                var word = words[i];

                // An upper bound: each style run is charged its full opening and closing markers.
                var add = (i == start ? 0 : word.Gap.Length) + word.Text.Length
                    + (i == start || word.Style != previous ? 2 * MarkerLength(word.Style) : 0);
                if (cost + add > limit)
                {
                    break;
                }

                cost += add;
                previous = word.Style;
                lastFit = i;
                if (word.SentenceEnd)
                {
                    lastSentence = i;
                }
            }

            int end;
            if (lastFit == words.Count - 1)
            {
                end = lastFit;
            }
            else if (lastSentence >= start)
            {
                end = lastSentence;
            }
            else if (lastFit >= start)
            {
                end = lastFit;
            }
            else
            {
                context.Degraded = true;
                end = start;
            }

            chunks.Add(RenderWords(words, start, end));
            start = end + 1;
        }

        return chunks;
    }

    private static string RenderWords(List<Word> words, int start, int end)
    {
        var builder = new StringBuilder();
        var open = new List<string>();
        var current = Style.None;
        for (var i = start; i <= end; i++)
        {
            var word = words[i];
            var gap = i == start ? string.Empty : word.Gap;
            if (word.Style != current)
            {
                // Nesting deeper only opens the added markers; anything else closes the run first.
                if ((word.Style & current) != current)
                {
                    CloseAll(builder, open);
                    current = Style.None;
                }

                builder.Append(gap);
                if ((word.Style & Style.Strong) != 0 && (current & Style.Strong) == 0)
                {
                    builder.Append("**");
                    open.Add("**");
                }

                if ((word.Style & Style.Emphasis) != 0 && (current & Style.Emphasis) == 0)
                {
                    builder.Append('*');
                    open.Add("*");
                }

                current = word.Style;
            }
            else
            {
                builder.Append(gap);
            }

            builder.Append(word.Text);
        }

        CloseAll(builder, open);
        return builder.ToString();
    }

    private static void CloseAll(StringBuilder builder, List<string> open)
    {
        for (var i = open.Count - 1; i >= 0; i--)
        {
            builder.Append(open[i]);
        }

        open.Clear();
    }
}
