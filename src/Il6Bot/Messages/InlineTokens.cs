using System.Text;

namespace Il6Bot.Messages;

/// <summary>Turns inlines into <see cref="InlineToken"/>s, cuts an endless word, and rebuilds a run of tokens
/// into inlines a dialect can render.</summary>
internal static class InlineTokens
{
    public static List<InlineToken> Tokenize(ChunkingRun run, IReadOnlyList<MessageInline> inlines)
    {
        var tokens = new List<InlineToken>();
        Add(run, inlines, [], tokens);
        return tokens;
    }

    /// <summary>An atom that cannot fit anywhere, as the words of its plain text (a link keeps its address).</summary>
    public static List<InlineToken> Flatten(ChunkingRun run, InlineToken atom)
    {
        var tokens = new List<InlineToken>();
        AddText(run, PlainText.Render([atom.Node!]), atom.Path, tokens);
        return tokens;
    }

    /// <summary>Cuts a word so its head escapes to at most <paramref name="budget"/>, never inside a surrogate
    /// pair; false when there is nothing to cut.</summary>
    public static bool TryCut(ChunkingRun run, InlineToken word, int budget, out InlineToken head, out InlineToken tail)
    {
        var text = word.Text;
        var take = TextCut.FittingLength(text, budget, run.Width, atWord: false);
        if (take == 0)
        {
            take = text.Length > 1 && char.IsHighSurrogate(text[0]) && char.IsLowSurrogate(text[1]) ? 2 : 1;
        }

        if (take >= text.Length)
        {
            head = tail = word;
            return false;
        }

        var headWidth = 0;
        foreach (var c in text[..take])
        {
            headWidth += run.Width(c);
        }

        head = word with { Length = take, Width = headWidth, EndsSentence = false };
        tail = word with { Start = word.Start + take, Length = word.Length - take, Width = word.Width - headWidth };
        return true;
    }

    /// <summary>Tokens [<paramref name="start"/>, <paramref name="end"/>) as inlines, each run that shared a
    /// Strong/Emphasis node wrapped in a copy of it, neighbouring text merged.</summary>
    public static List<MessageInline> Rebuild(List<InlineToken> tokens, int start, int end, int depth = 0)
    {
        var result = new List<MessageInline>();
        var text = new StringBuilder();
        var i = start;
        while (i < end)
        {
            var token = tokens[i];
            if (token.Path.Length == depth)
            {
                if (token.Node is null)
                {
                    text.Append(token.Text);
                }
                else
                {
                    FlushText(result, text);
                    result.Add(token.Node);
                }

                i++;
                continue;
            }

            FlushText(result, text);
            var wrapper = token.Path[depth];
            var j = i;
            while (j < end && tokens[j].Path.Length > depth && ReferenceEquals(tokens[j].Path[depth], wrapper))
            {
                j++;
            }

            var children = Rebuild(tokens, i, j, depth + 1);
            result.Add(wrapper switch
            {
                StrongInline => new StrongInline(children),
                EmphasisInline => new EmphasisInline(children),
                _ => throw MessageDialect.Unknown(wrapper),
            });
            i = j;
        }

        FlushText(result, text);
        return result;
    }

    private static void Add(ChunkingRun run, IReadOnlyList<MessageInline> inlines, MessageInline[] path, List<InlineToken> tokens)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextInline text:
                    AddText(run, text.Text, path, tokens);
                    break;
                case StrongInline strong:
                    Add(run, strong.Inlines, [.. path, strong], tokens);
                    break;
                case EmphasisInline emphasis:
                    Add(run, emphasis.Inlines, [.. path, emphasis], tokens);
                    break;
                case LineBreakInline:
                    tokens.Add(new InlineToken(InlineTokenKind.Break, string.Empty, 0, 0, inline, path, Width: 1, NewLines: 1, EndsSentence: false));
                    break;
                case LinkInline or CodeInline or TimestampInline or ChannelInline or UserInline:
                    var rendered = run.Dialect.RenderInlines([inline]);
                    if (rendered.Length > 0)
                    {
                        tokens.Add(new InlineToken(InlineTokenKind.Atom, string.Empty, 0, 0, inline, path, rendered.Length, rendered.AsSpan().Count('\n'), EndsSentence: false));
                    }

                    break;
                default:
                    throw MessageDialect.Unknown(inline);
            }
        }
    }

    private static void AddText(ChunkingRun run, string text, MessageInline[] path, List<InlineToken> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var space = char.IsWhiteSpace(text[i]);
            var width = 0;
            var newLines = 0;
            while (i < text.Length && char.IsWhiteSpace(text[i]) == space)
            {
                width += run.Width(text[i]);
                newLines += text[i] == '\n' ? 1 : 0;
                i++;
            }

            var kind = !space ? InlineTokenKind.Word : newLines > 0 ? InlineTokenKind.Break : InlineTokenKind.Space;
            var endsSentence = !space && EndsSentence(text.AsSpan(start, i - start));
            tokens.Add(new InlineToken(kind, text, start, i - start, null, path, width, newLines, endsSentence));
        }
    }

    /// <summary>A word that ends a sentence: its last character, past closing quotes and brackets, is . ! ? or ….</summary>
    private static bool EndsSentence(ReadOnlySpan<char> word)
    {
        var trimmed = word.TrimEnd("\"')\u201d\u2019");
        return !trimmed.IsEmpty && trimmed[^1] is '.' or '!' or '?' or '\u2026';
    }

    private static void FlushText(List<MessageInline> result, StringBuilder text)
    {
        if (text.Length > 0)
        {
            result.Add(new TextInline(text.ToString()));
            text.Clear();
        }
    }
}
