namespace Il6Bot.Messages;

/// <summary>
/// Splits one over-long paragraph or heading into pieces that each fit. A piece ends at a sentence end (or line
/// break) when that keeps it at least half full, else between words; a word longer than a whole piece is cut
/// between characters and an atom that cannot fit anywhere is shown as its plain text (both degrade). Each piece
/// is rebuilt and rendered on its own, so styling is closed and reopened around the cut.
/// </summary>
internal static class InlineSplitter
{
    /// <summary>What one Strong/Emphasis node may add in markers, open and close ("**" twice is the widest).</summary>
    private const int StyleAllowance = 4;

    public static void Split(ChunkingRun run, List<ChunkPiece> pieces, IReadOnlyList<MessageInline> inlines, int indent, string separator)
    {
        var tokens = InlineTokens.Tokenize(run, inlines);
        var start = SkipWhiteSpace(tokens, 0, out _);
        while (start < tokens.Count)
        {
            var end = start;
            var text = string.Empty;

            // Widths are upper bounds, so the first render fits; a dialect that writes more than it says is
            // given a smaller budget until the piece fits.
            for (var budget = run.Limit; budget > 0; budget -= Math.Max(1, ChunkingRun.Measure(text, indent) - run.Limit))
            {
                end = ChooseEnd(run, tokens, start, budget, indent);
                text = Render(run, tokens, start, end);
                if (run.Fits(text, indent))
                {
                    break;
                }
            }

            pieces.Add(new ChunkPiece(text, separator));
            start = SkipWhiteSpace(tokens, Math.Max(end, start + 1), out separator);
        }
    }

    private static int ChooseEnd(ChunkingRun run, List<InlineToken> tokens, int start, int budget, int indent)
    {
        while (start < tokens.Count)
        {
            var cost = indent;
            MessageInline[] open = [];
            int sentence = -1, sentenceCost = 0, word = -1, glued = -1;
            var i = start;
            for (; i < tokens.Count; i++)
            {
                var token = tokens[i];
                var add = token.Width + (token.NewLines * indent) + (StyleAllowance * Opened(open, token.Path));
                if (cost + add > budget)
                {
                    break;
                }

                cost += add;
                open = token.Path;
                if (token.IsWhiteSpace || i + 1 == tokens.Count)
                {
                    continue;
                }

                var following = tokens[i + 1];
                if (!following.IsWhiteSpace)
                {
                    glued = i + 1;
                    continue;
                }

                word = i + 1;
                if (token.EndsSentence || following.Kind == InlineTokenKind.Break)
                {
                    (sentence, sentenceCost) = (i + 1, cost);
                }
            }

            if (i == tokens.Count)
            {
                return i;
            }

            if (sentence >= 0 && sentenceCost >= budget / 2)
            {
                return sentence;
            }

            if (word >= 0)
            {
                return word;
            }

            // No white space within reach: what is left is one run longer than a whole piece.
            run.Degraded = true;
            if (glued >= 0)
            {
                return glued;
            }

            var first = tokens[start];
            if (first.Kind == InlineTokenKind.Atom)
            {
                tokens.RemoveAt(start);
                tokens.InsertRange(start, InlineTokens.Flatten(run, first));
                continue;
            }

            var room = budget - indent - (StyleAllowance * first.Path.Length);
            if (first.Kind == InlineTokenKind.Word && InlineTokens.TryCut(run, first, room, out var head, out var tail))
            {
                tokens[start] = head;
                tokens.Insert(start + 1, tail);
            }

            return start + 1;
        }

        return start;
    }

    /// <summary>How many of <paramref name="path"/>'s Strong/Emphasis nodes are not open already.</summary>
    private static int Opened(MessageInline[] open, MessageInline[] path)
    {
        if (ReferenceEquals(open, path))
        {
            return 0;
        }

        var common = 0;
        while (common < open.Length && common < path.Length && ReferenceEquals(open[common], path[common]))
        {
            common++;
        }

        return path.Length - common;
    }

    private static string Render(ChunkingRun run, List<InlineToken> tokens, int start, int end)
    {
        while (start < end && tokens[start].IsWhiteSpace)
        {
            start++;
        }

        while (end > start && tokens[end - 1].IsWhiteSpace)
        {
            end--;
        }

        return start == end ? string.Empty : run.Dialect.RenderInlines(InlineTokens.Rebuild(tokens, start, end)).Trim();
    }

    /// <summary>The first token at or after <paramref name="index"/> that is not white space; the skipped white
    /// space becomes the separator: a newline if it had one, a space, or nothing where a word was cut.</summary>
    private static int SkipWhiteSpace(List<InlineToken> tokens, int index, out string separator)
    {
        separator = string.Empty;
        for (; index < tokens.Count && tokens[index].IsWhiteSpace; index++)
        {
            separator = tokens[index].Kind == InlineTokenKind.Break || separator == "\n" ? "\n" : " ";
        }

        return index;
    }
}
