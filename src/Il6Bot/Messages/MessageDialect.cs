using System.Diagnostics;
using System.Text;

namespace Il6Bot.Messages;

/// <summary>
/// How one platform writes the message model as text. The walk over the model lives here once: which node is
/// which, how blocks, list items and quotes are laid out, and (in <see cref="MessageChunker"/>) how a message is
/// split to fit a limit. A platform supplies only each node's markup, its escaping and how wide escaping can make
/// a character. A node type this walk does not know throws instead of rendering as nothing.
/// </summary>
public abstract class MessageDialect
{
    /// <summary>Whether a Strong or Emphasis node is already open around the one being written: Slack cannot
    /// nest a marker inside itself, Discord can.</summary>
    [Flags]
    protected enum InlineStyle
    {
        None = 0,
        Strong = 1,
        Emphasis = 2,
    }

    private Func<char, int>? width;

    /// <summary>An upper bound on how many characters <paramref name="c"/> takes once escaped, in text and in
    /// code; cuts are measured with it, so a cut piece never escapes past its budget.</summary>
    public abstract int EscapedWidth(char c);

    /// <summary><see cref="EscapedWidth"/> as a delegate, made once, for the cutting helpers.</summary>
    internal Func<char, int> Width => width ??= EscapedWidth;

    public string Render(MessageDocument document) => RenderBlocks(document.Blocks);

    /// <summary>Blocks separated by a blank line; a block that renders as nothing leaves no gap.</summary>
    public string RenderBlocks(IReadOnlyList<MessageBlock> blocks)
    {
        var builder = new StringBuilder();
        AppendBlocks(builder, blocks, "\n\n");
        return builder.ToString();
    }

    public string RenderBlock(MessageBlock block)
    {
        var builder = new StringBuilder();
        AppendBlock(builder, block);
        return builder.ToString();
    }

    public string RenderInlines(IReadOnlyList<MessageInline> inlines)
    {
        var builder = new StringBuilder();
        AppendInlines(builder, inlines, InlineStyle.None);
        return builder.ToString();
    }

    /// <summary>One item of a list with its marker, continuation lines indented under it.</summary>
    internal string RenderListItem(ListBlock list, int index)
    {
        var builder = new StringBuilder();
        ListItemPrefix(list, index).Append(builder, RenderItemContent(list.Items[index]), continued: false);
        return builder.ToString();
    }

    internal LinePrefix ListItemPrefix(ListBlock list, int index)
    {
        var marker = ListMarker(list.Ordered, index);
        return new LinePrefix(marker, ListIndent(marker), IndentsBlankListLines);
    }

    /// <summary>Escaped code between fences; every piece of a split code block is fenced again.</summary>
    internal static string Fence(string escapedCode) => "```\n" + escapedCode + "\n```";

    protected abstract void AppendText(StringBuilder builder, string text);

    /// <summary>Writes a Strong or Emphasis node; <paramref name="enclosing"/> is what is already open around it.
    /// Its content is written with <see cref="AppendInlines"/>.</summary>
    protected abstract void AppendStyled(StringBuilder builder, InlineStyle style, IReadOnlyList<MessageInline> inlines, InlineStyle enclosing);

    protected abstract void AppendLink(StringBuilder builder, LinkInline link);

    protected abstract void AppendCode(StringBuilder builder, CodeInline code);

    protected abstract void AppendTimestamp(StringBuilder builder, TimestampInline timestamp);

    protected abstract void AppendChannel(StringBuilder builder, ChannelInline channel);

    protected abstract void AppendUser(StringBuilder builder, UserInline user);

    /// <summary>The inside of a code block, made safe to stand between two fences.</summary>
    protected internal abstract string EscapeCode(string code);

    protected abstract string ListMarker(bool ordered, int index);

    /// <summary>What stands before an item's continuation lines so they stay under its marker.</summary>
    protected abstract string ListIndent(string marker);

    protected abstract bool IndentsBlankListLines { get; }

    protected void AppendInlines(StringBuilder builder, IReadOnlyList<MessageInline> inlines, InlineStyle enclosing)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextInline text: AppendText(builder, text.Text); break;
                case StrongInline strong: AppendStyled(builder, InlineStyle.Strong, strong.Inlines, enclosing); break;
                case EmphasisInline emphasis: AppendStyled(builder, InlineStyle.Emphasis, emphasis.Inlines, enclosing); break;
                case LinkInline link: AppendLink(builder, link); break;
                case CodeInline code: AppendCode(builder, code); break;
                case LineBreakInline: builder.Append('\n'); break;
                case TimestampInline timestamp: AppendTimestamp(builder, timestamp); break;
                case ChannelInline channel: AppendChannel(builder, channel); break;
                case UserInline user: AppendUser(builder, user); break;
                default: throw Unknown(inline);
            }
        }
    }

    private void AppendBlocks(StringBuilder builder, IReadOnlyList<MessageBlock> blocks, string separator)
    {
        var wrote = false;
        foreach (var block in blocks)
        {
            var mark = builder.Length;
            if (wrote)
            {
                builder.Append(separator);
            }

            var start = builder.Length;
            AppendBlock(builder, block);
            if (builder.Length == start)
            {
                builder.Length = mark;
            }
            else
            {
                wrote = true;
            }
        }
    }

    private void AppendBlock(StringBuilder builder, MessageBlock block)
    {
        var start = builder.Length;
        switch (block)
        {
            case ParagraphBlock paragraph:
                AppendInlines(builder, paragraph.Inlines, InlineStyle.None);
                TrimFrom(builder, start);
                break;
            case HeadingBlock heading:
                AppendStyled(builder, InlineStyle.Strong, heading.Inlines, InlineStyle.None);
                TrimFrom(builder, start);
                break;
            case ListBlock list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append('\n');
                    }

                    ListItemPrefix(list, i).Append(builder, RenderItemContent(list.Items[i]), continued: false);
                }

                break;
            case QuoteBlock quote:
                var quoted = RenderBlocks(quote.Blocks);
                if (quoted.Length > 0)
                {
                    LinePrefix.Quote.Append(builder, quoted, continued: false);
                }

                break;
            case CodeBlock code:
                builder.Append(Fence(EscapeCode(code.Code.TrimEnd('\n', '\r'))));
                break;
            default:
                throw Unknown(block);
        }
    }

    private string RenderItemContent(IReadOnlyList<MessageBlock> item)
    {
        var builder = new StringBuilder();
        AppendBlocks(builder, item, "\n");
        return builder.ToString();
    }

    internal static UnreachableException Unknown(object node) =>
        new($"The message model has no rendering for {node.GetType().Name}; add it to {nameof(MessageDialect)} and {nameof(MessageChunker)}.");

    private static void TrimFrom(StringBuilder builder, int start)
    {
        var end = builder.Length;
        while (end > start && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        builder.Length = end;
        var first = start;
        while (first < end && char.IsWhiteSpace(builder[first]))
        {
            first++;
        }

        builder.Remove(start, first - start);
    }
}
