using System.Globalization;
using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Rendering;

/// <summary>
/// Discord's markup for each node of the message model: <c>**bold**</c>, <c>*italic*</c>, <c>[text](url)</c>,
/// <c>`code`</c>, <c>&lt;t:unix:F&gt;</c> timestamps, <c>&lt;#id&gt;</c> channels, "- " bullets.
/// </summary>
internal sealed class DiscordMarkdownDialect : MessageDialect
{
    protected override bool IndentsBlankListLines => false;

    public override int EscapedWidth(char c) => DiscordMarkdown.EscapedWidth(c);

    protected override void AppendText(StringBuilder builder, string text) => DiscordMarkdown.AppendEscaped(builder, text);

    // Discord nests markers freely; a node with nothing in it leaves no stray markers.
    protected override void AppendStyled(StringBuilder builder, InlineStyle style, IReadOnlyList<MessageInline> inlines, InlineStyle enclosing)
    {
        var marker = style == InlineStyle.Strong ? "**" : "*";
        var mark = builder.Length;
        builder.Append(marker);
        AppendInlines(builder, inlines, enclosing | style);
        if (builder.Length == mark + marker.Length)
        {
            builder.Length = mark;
            return;
        }

        builder.Append(marker);
    }

    protected override void AppendLink(StringBuilder builder, LinkInline link)
    {
        var text = RenderInlines(link.Inlines);
        if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            // Discord only masks http(s) links; anything else is shown as its text.
            builder.Append(text);
            return;
        }

        var url = link.Url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
        // An autolink is shown once, not masked by itself.
        if (text.Length == 0 || link.ShowsItsUrl)
        {
            builder.Append('<').Append(url).Append('>');
        }
        else
        {
            builder.Append('[').Append(text).Append("](").Append(url).Append(')');
        }
    }

    protected override void AppendCode(StringBuilder builder, CodeInline code)
    {
        if (code.Code.Length == 0)
        {
            return;
        }

        var clean = code.Code.Replace('\n', ' ');

        // Discord, like CommonMark, ends a span at the first backtick run as long as the one that opened it: a fence
        // one longer than any run inside holds the code unchanged (no zero-width space a reader would copy with it).
        var fence = Backticks.LongestRun(clean) + 1;

        // A backtick beside the fence would lengthen it; the space between is dropped again when rendered.
        var pad = clean[0] == '`' || clean[^1] == '`';
        builder.Append('`', fence);
        if (pad)
        {
            builder.Append(' ');
        }

        builder.Append(clean);
        if (pad)
        {
            builder.Append(' ');
        }

        builder.Append('`', fence);
    }

    protected override void AppendTimestamp(StringBuilder builder, TimestampInline timestamp) =>
        builder.Append("<t:").Append(timestamp.Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(":F>");

    protected override void AppendChannel(StringBuilder builder, ChannelInline channel)
    {
        if (channel.ChannelId.Length > 0 && channel.ChannelId.All(char.IsAsciiDigit))
        {
            builder.Append("<#").Append(channel.ChannelId).Append('>');
        }
        else
        {
            DiscordMarkdown.AppendEscaped(builder, "#" + channel.ChannelId);
        }
    }

    protected override void AppendUser(StringBuilder builder, UserInline user)
    {
        if (user.UserId.Length > 0 && user.UserId.All(char.IsAsciiDigit))
        {
            builder.Append("<@").Append(user.UserId).Append('>');
        }
        else
        {
            DiscordMarkdown.AppendEscaped(builder, "@" + user.UserId);
        }
    }

    // A fence inside code would end the block early; a zero-width space after a run's first backtick defuses it, and
    // again until no run of three is left (in "````" the first pass leaves one behind the space).
    protected internal override string EscapeCode(string code)
    {
        while (code.Contains("```", StringComparison.Ordinal))
        {
            code = code.Replace("```", "`\u200b``", StringComparison.Ordinal);
        }

        return code;
    }

    protected override string ListMarker(bool ordered, int index) =>
        ordered ? (index + 1).ToString(CultureInfo.InvariantCulture) + ". " : "- ";

    protected override string ListIndent(string marker) => new(' ', marker.Length);
}
