using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.Slack.Rendering;

/// <summary>
/// Slack mrkdwn: <c>&amp; &lt; &gt;</c> escaped wherever they are text rather than markup, and the message model
/// rendered whole or in chunks that fit a section (<see cref="MessageChunker"/>; the markup of each node is
/// <see cref="SlackMrkdwnDialect"/>).
/// </summary>
public static class SlackMrkdwn
{
    public static MessageDialect Dialect { get; } = new SlackMrkdwnDialect();

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

    public static string RenderInlines(IReadOnlyList<MessageInline> inlines) => Dialect.RenderInlines(inlines);

    /// <summary>A whole document, blocks separated by a blank line, without any splitting.</summary>
    public static string RenderBlocks(IReadOnlyList<MessageBlock> blocks) => Dialect.RenderBlocks(blocks);

    internal static int EscapedWidth(char c) => c switch
    {
        '&' => "&amp;".Length,
        '<' or '>' => "&lt;".Length,
        _ => 1,
    };

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
}
