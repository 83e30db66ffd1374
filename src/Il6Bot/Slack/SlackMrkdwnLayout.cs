using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Slack;

/// <summary>A rendered piece that must stay whole, and what joins it to the piece before it.</summary>
internal readonly record struct MrkdwnUnit(string Text, string Separator);

/// <summary>
/// Lays rendered mrkdwn out in chunks of at most a given length. Blocks are kept whole when they fit; an
/// over-long paragraph is split in the message model (at a sentence end, else between words) and each piece
/// rendered on its own, so a cut never falls inside a link, an escape, or between a pair of markers.
/// </summary>
internal static class SlackMrkdwnLayout
{
    private const string BlockSeparator = "\n\n";

    // Below this the overhead of markers and prefixes dominates; something is pathological.
    private const int MinimumLimit = 64;

    public static List<string> Layout(IReadOnlyList<MessageBlock> blocks, int limit) => Pack(Units(blocks, limit), limit);

    public static List<MrkdwnUnit> Units(IReadOnlyList<MessageBlock> blocks, int limit)
    {
        var units = new List<MrkdwnUnit>();
        foreach (var block in blocks)
        {
            AddBlock(units, block, limit, BlockSeparator);
        }

        return units;
    }

    /// <summary>Greedily joins units into chunks of at most <paramref name="limit"/> characters.</summary>
    public static List<string> Pack(IEnumerable<MrkdwnUnit> units, int limit)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var unit in units)
        {
            if (unit.Text.Length == 0)
            {
                continue;
            }

            if (current.Length > 0 && current.Length + unit.Separator.Length + unit.Text.Length <= limit)
            {
                current.Append(unit.Separator).Append(unit.Text);
                continue;
            }

            if (current.Length > 0)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }

            current.Append(unit.Text);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    private static void AddBlock(List<MrkdwnUnit> units, MessageBlock block, int limit, string separator)
    {
        var whole = SlackMrkdwn.RenderBlock(block);
        if (whole.Length <= limit)
        {
            units.Add(new MrkdwnUnit(whole, separator));
            return;
        }

        switch (block)
        {
            case ParagraphBlock p:
                AddSplitInlines(units, p.Inlines, limit, separator);
                break;
            case HeadingBlock h:
                AddSplitInlines(units, [new StrongInline(h.Inlines)], limit, separator);
                break;
            case ListBlock l:
                for (var i = 0; i < l.Items.Count; i++)
                {
                    AddListItem(units, l.Ordered, i, l.Items[i], limit, i == 0 ? separator : "\n");
                }

                break;
            case QuoteBlock q:
                AddTransformed(units, inner => Units(q.Blocks, inner), (text, _) => SlackMrkdwn.Quote(text), limit, separator);
                break;
            case CodeBlock c:
                AddCode(units, c.Code.TrimEnd('\n', '\r'), limit, separator);
                break;
        }
    }

    private static void AddListItem(List<MrkdwnUnit> units, bool ordered, int index, IReadOnlyList<MessageBlock> item, int limit, string separator)
    {
        var whole = SlackMrkdwn.RenderListItem(ordered, index, SlackMrkdwn.RenderItemContent(item));
        if (whole.Length <= limit)
        {
            units.Add(new MrkdwnUnit(whole, separator));
            return;
        }

        var marker = SlackMrkdwn.ListMarker(ordered, index);
        AddTransformed(
            units,
            inner => item.SelectMany(block =>
            {
                var nested = new List<MrkdwnUnit>();
                AddBlock(nested, block, inner, "\n");
                return nested;
            }).ToList(),
            (text, first) => (first ? marker : "    ") + SlackMrkdwn.Indent(text),
            limit,
            separator);
    }

    // Prefixes (quote marks, list indentation) grow with the number of lines, so the inner limit is found by
    // halving until every transformed piece fits.
    private static void AddTransformed(
        List<MrkdwnUnit> units,
        Func<int, List<MrkdwnUnit>> produce,
        Func<string, bool, string> transform,
        int limit,
        string separator)
    {
        for (var inner = limit; inner >= MinimumLimit; inner /= 2)
        {
            var produced = produce(inner);
            var transformed = produced.Select((unit, i) => new MrkdwnUnit(transform(unit.Text, i == 0), i == 0 ? separator : unit.Separator)).ToList();
            if (transformed.All(unit => unit.Text.Length <= limit))
            {
                units.AddRange(transformed);
                return;
            }
        }

        throw new SlackLimitException($"A quote or list item cannot be split to fit {limit} characters.");
    }

    private static void AddCode(List<MrkdwnUnit> units, string code, int limit, string separator)
    {
        var budget = limit - SlackMrkdwn.CodeFence(string.Empty).Length;
        var current = new StringBuilder();
        var first = true;

        void Flush()
        {
            if (current.Length > 0)
            {
                units.Add(new MrkdwnUnit(SlackMrkdwn.CodeFence(current.ToString()), first ? separator : "\n"));
                first = false;
                current.Clear();
            }
        }

        foreach (var line in code.Split('\n'))
        {
            foreach (var piece in SplitEscaped(line, budget))
            {
                if (current.Length > 0 && current.Length + 1 + piece.Length > budget)
                {
                    Flush();
                }

                if (current.Length > 0)
                {
                    current.Append('\n');
                }

                current.Append(piece);
            }
        }

        Flush();
    }

    /// <summary>Cuts raw text into pieces whose escaped form is at most <paramref name="max"/> characters, between characters, never inside an escape or a surrogate pair.</summary>
    private static IEnumerable<string> SplitEscaped(string raw, int max)
    {
        var escaped = SlackMrkdwn.Escape(raw);
        if (escaped.Length <= max)
        {
            yield return escaped;
            yield break;
        }

        var piece = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            var length = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length ? 2 : 1;
            var next = SlackMrkdwn.Escape(raw.Substring(i, length));
            if (piece.Length + next.Length > max && piece.Length > 0)
            {
                yield return piece.ToString();
                piece.Clear();
            }

            piece.Append(next);
            i += length - 1;
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }

    private static void AddSplitInlines(List<MrkdwnUnit> units, IReadOnlyList<MessageInline> inlines, int limit, string separator)
    {
        var tokens = new List<Token>();
        Tokenize(inlines, [], tokens, limit);

        var start = 0;
        var first = true;
        while (start < tokens.Count)
        {
            var cost = 0;
            var end = start;
            var sentenceEnd = -1;
            var sentenceCost = 0;
            while (end < tokens.Count && cost + tokens[end].Cost <= limit)
            {
                cost += tokens[end].Cost;
                end++;
                if (tokens[end - 1].EndsSentence)
                {
                    sentenceEnd = end;
                    sentenceCost = cost;
                }
            }

            if (end == start)
            {
                throw new SlackLimitException($"One element (a link or a code span) is longer than Slack's {limit}-character block limit.");
            }

            // Prefer ending on a sentence, unless that would leave a block less than half full.
            if (end < tokens.Count && sentenceEnd > start && sentenceCost >= limit / 2)
            {
                end = sentenceEnd;
            }

            var text = SlackMrkdwn.RenderInlines(Rebuild(tokens, start, end, 0)).Trim();
            if (text.Length > 0)
            {
                units.Add(new MrkdwnUnit(text, first ? separator : " "));
                first = false;
            }

            start = end;
        }
    }

    /// <summary>A leaf inline with the Strong/Emphasis nodes around it (outermost first).</summary>
    private sealed record Token(MessageInline Leaf, MessageInline[] Path, int Cost, bool EndsSentence);

    private static void Tokenize(IReadOnlyList<MessageInline> inlines, MessageInline[] path, List<Token> tokens, int limit)
    {
        // Each marker pair costs two characters; charging it to every token bounds the rendered length of any run.
        var markers = 2 * path.Length;
        var maxPiece = Math.Max(8, (limit / 4) - markers);
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case StrongInline or EmphasisInline:
                    var children = inline is StrongInline s ? s.Inlines : ((EmphasisInline)inline).Inlines;
                    Tokenize(children, [.. path, inline], tokens, limit);
                    break;
                case TextInline t:
                    foreach (var word in Words(t.Text))
                    {
                        foreach (var piece in SplitRaw(word, maxPiece))
                        {
                            tokens.Add(new Token(new TextInline(piece), path, SlackMrkdwn.Escape(piece).Length + markers, EndsSentence(piece)));
                        }
                    }

                    break;
                case CodeInline c when SlackMrkdwn.RenderInlines([c]).Length > maxPiece:
                    var pieces = SplitRaw(c.Code, maxPiece - 2).ToList();
                    for (var i = 0; i < pieces.Count; i++)
                    {
                        // Adjacent code spans would merge into a ``` fence, so pieces are kept apart by a space.
                        var code = new CodeInline(pieces[i]);
                        tokens.Add(new Token(code, path, SlackMrkdwn.RenderInlines([code]).Length + markers, false));
                        if (i < pieces.Count - 1)
                        {
                            tokens.Add(new Token(new TextInline(" "), path, 1 + markers, false));
                        }
                    }

                    break;
                default:
                    tokens.Add(new Token(inline, path, SlackMrkdwn.RenderInlines([inline]).Length + markers, inline is LineBreakInline));
                    break;
            }
        }
    }

    /// <summary>Words with their trailing whitespace, so a split falls between words.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            yield return text[start..i];
            start = i;
        }
    }

    /// <summary>Cuts raw text so each piece escapes to at most <paramref name="max"/> characters.</summary>
    private static IEnumerable<string> SplitRaw(string raw, int max)
    {
        if (SlackMrkdwn.Escape(raw).Length <= max)
        {
            yield return raw;
            yield break;
        }

        var start = 0;
        var escapedLength = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var width = raw[i] switch { '&' => 5, '<' or '>' => 4, _ => 1 };
            var pair = char.IsHighSurrogate(raw[i]) && i + 1 < raw.Length;
            if (escapedLength + width + (pair ? 1 : 0) > max && i > start)
            {
                yield return raw[start..i];
                start = i;
                escapedLength = 0;
            }

            escapedLength += width;
            if (pair)
            {
                i++;
                escapedLength++;
            }
        }

        if (start < raw.Length)
        {
            yield return raw[start..];
        }
    }

    private static bool EndsSentence(string word)
    {
        var trimmed = word.AsSpan().TrimEnd();
        if (trimmed.Length == word.Length || trimmed.IsEmpty)
        {
            return false;
        }

        trimmed = trimmed.TrimEnd("\"')”’");
        return !trimmed.IsEmpty && trimmed[^1] is '.' or '!' or '?' or '…';
    }

    /// <summary>Rebuilds tokens [start, end) into a tree, re-wrapping runs that shared a Strong/Emphasis node.</summary>
    private static List<MessageInline> Rebuild(List<Token> tokens, int start, int end, int depth)
    {
        var result = new List<MessageInline>();
        var i = start;
        while (i < end)
        {
            var token = tokens[i];
            if (token.Path.Length == depth)
            {
                result.Add(token.Leaf);
                i++;
                continue;
            }

            var wrapper = token.Path[depth];
            var j = i;
            while (j < end && tokens[j].Path.Length > depth && ReferenceEquals(tokens[j].Path[depth], wrapper))
            {
                j++;
            }

            var children = Rebuild(tokens, i, j, depth + 1);
            result.Add(wrapper is StrongInline ? new StrongInline(children) : new EmphasisInline(children));
            i = j;
        }

        return result;
    }
}
