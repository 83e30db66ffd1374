using System.Globalization;
using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Slack.Rendering;

/// <summary>
/// Slack's mrkdwn for each node of the message model, written by walking it, never by editing Markdown text:
/// <c>*bold*</c>, <c>_italic_</c>, <c>`code`</c>, <c>&lt;url|text&gt;</c>, "• " bullets.
/// </summary>
internal sealed class SlackMrkdwnDialect : MessageDialect
{
    /// <summary>Continuation lines are indented so nested lists and wrapped items stay under their bullet.</summary>
    private const string ItemIndent = "    ";

    protected override bool IndentsBlankListLines => true;

    public override int EscapedWidth(char c) => SlackMrkdwn.EscapedWidth(c);

    protected override void AppendText(StringBuilder builder, string text) => SlackMrkdwn.AppendEscaped(builder, text);

    // Slack does not nest a marker inside itself (*a *b* c* ends early), so an inner one is dropped; and it only
    // honours a marker that hugs the text (*bold*, not * bold *), so edge spaces move outside it.
    protected override void AppendStyled(StringBuilder builder, InlineStyle style, IReadOnlyList<MessageInline> inlines, InlineStyle enclosing)
    {
        if ((enclosing & style) != 0)
        {
            AppendInlines(builder, inlines, enclosing);
            return;
        }

        var start = builder.Length;
        AppendInlines(builder, inlines, enclosing | style);
        var first = start;
        while (first < builder.Length && char.IsWhiteSpace(builder[first]))
        {
            first++;
        }

        var end = builder.Length;
        while (end > first && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        if (first < end)
        {
            var marker = style == InlineStyle.Strong ? '*' : '_';
            builder.Insert(end, marker).Insert(first, marker);
        }
    }

    protected override void AppendLink(StringBuilder builder, LinkInline link)
    {
        var label = PlainText.Render(link.Inlines).Trim();
        if (string.IsNullOrWhiteSpace(link.Url))
        {
            SlackMrkdwn.AppendEscaped(builder, label);
            return;
        }

        // A raw '|' or '>' would end the URL part of <url|text> early.
        builder.Append('<');
        SlackMrkdwn.AppendEscaped(builder, link.Url.Replace("|", "%7C", StringComparison.Ordinal));
        if (label.Length > 0 && label != link.Url)
        {
            builder.Append('|');
            SlackMrkdwn.AppendEscaped(builder, label);
        }

        builder.Append('>');
    }

    protected override void AppendCode(StringBuilder builder, CodeInline code)
    {
        if (code.Code.Length == 0)
        {
            return;
        }

        // A backtick cannot be escaped inside inline code; a look-alike keeps the span intact.
        builder.Append('`');
        SlackMrkdwn.AppendEscaped(builder, code.Code.Replace('`', '\'').Replace('\n', ' '));
        builder.Append('`');
    }

    protected override void AppendTimestamp(StringBuilder builder, TimestampInline timestamp)
    {
        builder.Append("<!date^")
            .Append(timestamp.Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .Append("^{date_long_pretty} {time}|");
        SlackMrkdwn.AppendEscaped(builder, timestamp.Fallback.Replace('|', '/'));
        builder.Append('>');
    }

    protected override void AppendChannel(StringBuilder builder, ChannelInline channel) =>
        builder.Append("<#").Append(channel.ChannelId).Append('>');

    protected internal override string EscapeCode(string code) => SlackMrkdwn.Escape(code);

    protected override string ListMarker(bool ordered, int index) =>
        ordered ? (index + 1).ToString(CultureInfo.InvariantCulture) + ". " : "• ";

    protected override string ListIndent(string marker) => ItemIndent;
}
