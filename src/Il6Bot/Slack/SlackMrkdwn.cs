using System.Globalization;
using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Slack;

/// <summary>
/// Renders the neutral message model to Slack mrkdwn by walking it, never by editing Markdown text:
/// <c>*bold*</c>, <c>_italic_</c>, <c>`code`</c>, <c>&lt;url|text&gt;</c>, "• " bullets, "&gt; " quotes, and
/// <c>&amp; &lt; &gt;</c> escaped wherever they are text rather than markup.
/// </summary>
public static class SlackMrkdwn
{
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    public static string RenderInlines(IReadOnlyList<MessageInline> inlines)
    {
        var builder = new StringBuilder();
        AppendInlines(builder, inlines, inStrong: false, inEmphasis: false);
        return builder.ToString();
    }

    /// <summary>A whole document, blocks separated by a blank line, without any splitting.</summary>
    public static string RenderBlocks(IReadOnlyList<MessageBlock> blocks) =>
        string.Join("\n\n", blocks.Select(RenderBlock).Where(text => text.Length > 0));

    public static string RenderBlock(MessageBlock block) => block switch
    {
        ParagraphBlock p => RenderInlines(p.Inlines).Trim(),
        HeadingBlock h => RenderInlines([new StrongInline(h.Inlines)]).Trim(),
        ListBlock l => string.Join('\n', l.Items.Select((item, i) => RenderListItem(l.Ordered, i, RenderItemContent(item)))),
        QuoteBlock q => Quote(RenderBlocks(q.Blocks)),
        CodeBlock c => CodeFence(Escape(c.Code.TrimEnd('\n', '\r'))),
        _ => string.Empty,
    };

    internal static string RenderItemContent(IReadOnlyList<MessageBlock> item) =>
        string.Join('\n', item.Select(RenderBlock).Where(text => text.Length > 0));

    internal static string ListMarker(bool ordered, int index) =>
        ordered ? (index + 1).ToString(CultureInfo.InvariantCulture) + ". " : "• ";

    /// <summary>Continuation lines are indented so nested lists and wrapped items stay under their bullet.</summary>
    internal static string RenderListItem(bool ordered, int index, string content) =>
        ListMarker(ordered, index) + Indent(content);

    internal static string Indent(string content) => content.Replace("\n", "\n    ", StringComparison.Ordinal);

    internal static string Quote(string content) =>
        content.Length == 0 ? string.Empty : "> " + content.Replace("\n", "\n> ", StringComparison.Ordinal);

    internal static string CodeFence(string escapedCode) => "```\n" + escapedCode + "\n```";

    internal static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: builder.Append(c); break;
            }
        }
    }

    private static void AppendInlines(StringBuilder builder, IReadOnlyList<MessageInline> inlines, bool inStrong, bool inEmphasis)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case TextInline t:
                    AppendEscaped(builder, t.Text);
                    break;

                // Slack does not nest a marker inside itself (*a *b* c* ends early), so inner ones are dropped.
                case StrongInline s when inStrong:
                    AppendInlines(builder, s.Inlines, inStrong, inEmphasis);
                    break;
                case StrongInline s:
                    AppendWrapped(builder, '*', s.Inlines, inStrong: true, inEmphasis);
                    break;
                case EmphasisInline e when inEmphasis:
                    AppendInlines(builder, e.Inlines, inStrong, inEmphasis);
                    break;
                case EmphasisInline e:
                    AppendWrapped(builder, '_', e.Inlines, inStrong, inEmphasis: true);
                    break;
                case LinkInline l:
                    AppendLink(builder, l);
                    break;
                case CodeInline c when c.Code.Length > 0:
                    // A backtick cannot be escaped inside inline code; a look-alike keeps the span intact.
                    builder.Append('`');
                    AppendEscaped(builder, c.Code.Replace('`', '\'').Replace('\n', ' '));
                    builder.Append('`');
                    break;
                case LineBreakInline:
                    builder.Append('\n');
                    break;
                case TimestampInline t:
                    builder.Append("<!date^")
                        .Append(t.Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
                        .Append("^{date_long_pretty} {time}|");
                    AppendEscaped(builder, t.Fallback.Replace('|', '/'));
                    builder.Append('>');
                    break;
                case ChannelInline c:
                    builder.Append("<#").Append(c.ChannelId).Append('>');
                    break;
            }
        }
    }

    // Slack only honours a marker that hugs the text (*bold*, not * bold *), so edge spaces move outside it.
    private static void AppendWrapped(StringBuilder builder, char marker, IReadOnlyList<MessageInline> inlines, bool inStrong, bool inEmphasis)
    {
        var inner = new StringBuilder();
        AppendInlines(inner, inlines, inStrong, inEmphasis);
        var text = inner.ToString();
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            builder.Append(text);
            return;
        }

        var leading = text.Length - text.TrimStart().Length;
        var trailing = text.Length - text.TrimEnd().Length;
        builder.Append(text, 0, leading).Append(marker).Append(trimmed).Append(marker).Append(text, text.Length - trailing, trailing);
    }

    private static void AppendLink(StringBuilder builder, LinkInline link)
    {
        var label = PlainText.Render(link.Inlines).Trim();
        if (string.IsNullOrWhiteSpace(link.Url))
        {
            AppendEscaped(builder, label);
            return;
        }

        // A raw '|' or '>' would end the URL part of <url|text> early.
        builder.Append('<');
        AppendEscaped(builder, link.Url.Replace("|", "%7C", StringComparison.Ordinal));
        if (label.Length > 0 && label != link.Url)
        {
            builder.Append('|');
            AppendEscaped(builder, label);
        }

        builder.Append('>');
    }
}
