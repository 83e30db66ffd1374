using System.Text;

namespace Il6Bot.Messages;

/// <summary>
/// Renders a message in chunks that each fit a limit (an embed description, a field value, a Slack section).
/// A block is kept whole when it fits; otherwise a list splits between items, a quote between its blocks, a code
/// block between lines, and a paragraph at a sentence end, else between words (<see cref="InlineSplitter"/>).
/// No cut falls inside a link, a code span, an escape or a surrogate pair; when something could only fit by being
/// broken, the result says so (<see cref="MessageChunks.Degraded"/>).
/// </summary>
public static class MessageChunker
{
    private const string BlockSeparator = "\n\n";
    private const string LineSeparator = "\n";

    /// <param name="firstLine">Rendered text kept whole at the very start, on a line of its own (Slack's field
    /// title); it must fit the limit.</param>
    public static MessageChunks Split(MessageDialect dialect, MessageDocument document, int limit, string? firstLine = null)
    {
        var run = new ChunkingRun(dialect, limit);
        var pieces = new List<ChunkPiece>();
        if (firstLine is not null)
        {
            pieces.Add(new ChunkPiece(firstLine, string.Empty));
        }

        AddBlocks(run, pieces, document.Blocks, indent: 0, BlockSeparator, firstLine is null ? BlockSeparator : LineSeparator);
        return new MessageChunks(Pack(run, pieces), run.Degraded);
    }

    private static void AddBlocks(ChunkingRun run, List<ChunkPiece> pieces, IReadOnlyList<MessageBlock> blocks, int indent, string separator, string firstSeparator)
    {
        var next = firstSeparator;
        foreach (var block in blocks)
        {
            var count = pieces.Count;
            AddBlock(run, pieces, block, indent, next);
            if (pieces.Count > count)
            {
                next = separator;
            }
        }
    }

    private static void AddBlock(ChunkingRun run, List<ChunkPiece> pieces, MessageBlock block, int indent, string separator)
    {
        var whole = run.Dialect.RenderBlock(block);
        if (whole.Length == 0)
        {
            return;
        }

        if (run.Fits(whole, indent))
        {
            pieces.Add(new ChunkPiece(whole, separator, IsHeadingLike(block)));
            return;
        }

        switch (block)
        {
            case ParagraphBlock paragraph:
                InlineSplitter.Split(run, pieces, paragraph.Inlines, indent, separator);
                break;
            case HeadingBlock heading:
                InlineSplitter.Split(run, pieces, [new StrongInline(heading.Inlines)], indent, separator);
                break;
            case ListBlock list:
                AddList(run, pieces, list, indent, separator);
                break;
            case QuoteBlock quote:
                AddPrefixed(run, pieces, LinePrefix.Quote, quote.Blocks, indent, BlockSeparator, separator);
                break;
            case CodeBlock code:
                CodeBlockSplitter.Split(run, pieces, code.Code.TrimEnd('\n', '\r'), indent, separator);
                break;
            default:
                throw MessageDialect.Unknown(block);
        }
    }

    private static void AddList(ChunkingRun run, List<ChunkPiece> pieces, ListBlock list, int indent, string separator)
    {
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemSeparator = i == 0 ? separator : LineSeparator;
            var whole = run.Dialect.RenderListItem(list, i);
            if (run.Fits(whole, indent))
            {
                pieces.Add(new ChunkPiece(whole, itemSeparator));
            }
            else
            {
                AddPrefixed(run, pieces, run.Dialect.ListItemPrefix(list, i), list.Items[i], indent, LineSeparator, itemSeparator);
            }
        }
    }

    /// <summary>Splits the blocks inside a list item or quote with room left for the prefix on every line, then
    /// prefixes each piece; only the first piece carries the item's marker.</summary>
    private static void AddPrefixed(
        ChunkingRun run, List<ChunkPiece> pieces, LinePrefix prefix, IReadOnlyList<MessageBlock> blocks, int indent, string blockSeparator, string separator)
    {
        var inner = new List<ChunkPiece>();
        AddBlocks(run, inner, blocks, indent + prefix.Width, blockSeparator, blockSeparator);
        for (var i = 0; i < inner.Count; i++)
        {
            var text = prefix.Apply(inner[i].Text, continued: i > 0);
            pieces.Add(new ChunkPiece(text, i == 0 ? separator : prefix.Separator(inner[i].Separator)));
        }
    }

    // A whole-bold paragraph is how a sub-heading is flattened into its parent's text (SectionReplies).
    private static bool IsHeadingLike(MessageBlock block) =>
        block is HeadingBlock or ParagraphBlock { Inlines: [StrongInline] };

    /// <summary>Greedily joins pieces into chunks of at most the limit, except that a heading is not left at the
    /// end of a chunk when it fits with the piece after it in the next.</summary>
    private static List<string> Pack(ChunkingRun run, List<ChunkPiece> pieces)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.Text.Length == 0)
            {
                continue;
            }

            var end = current.Length + piece.Separator.Length + piece.Text.Length;
            if (current.Length > 0 && end <= run.Limit && !StrandsHeading(run, pieces, i, end))
            {
                current.Append(piece.Separator).Append(piece.Text);
                continue;
            }

            if (current.Length > 0)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }

            if (piece.Text.Length <= run.Limit)
            {
                current.Append(piece.Text);
            }
            else
            {
                AddCut(run, chunks, piece.Text);
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    /// <summary>Whether the heading at <paramref name="index"/>, ending a chunk at <paramref name="end"/>, would be
    /// parted from the piece after it although the two fit in a chunk of their own.</summary>
    private static bool StrandsHeading(ChunkingRun run, List<ChunkPiece> pieces, int index, int end)
    {
        if (!pieces[index].KeepWithNext || index + 1 >= pieces.Count)
        {
            return false;
        }

        var next = pieces[index + 1];
        var withNext = next.Separator.Length + next.Text.Length;
        return end + withNext > run.Limit && pieces[index].Text.Length + withNext <= run.Limit;
    }

    // Only prefixes nested deeper than the limit leaves room for get here; the limit still holds.
    private static void AddCut(ChunkingRun run, List<string> chunks, string text)
    {
        run.Degraded = true;
        for (var start = 0; start < text.Length;)
        {
            var end = start + Math.Max(1, TextCut.SafeIndex(text.AsSpan(start), run.Limit));
            chunks.Add(text[start..end]);
            start = end;
        }
    }
}
