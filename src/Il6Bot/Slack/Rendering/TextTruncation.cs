using Il6Bot.Messages;

namespace Il6Bot.Slack.Rendering;

/// <summary>Shortens text to a hard limit at a word boundary, marking the cut with an ellipsis.</summary>
internal static class TextTruncation
{
    public static string Truncate(string text, int maxLength) => TextCut.Truncate(text, maxLength);

    /// <summary>Escapes for mrkdwn within <paramref name="maxLength"/>; the cut is made in the raw text, so it never lands inside an <c>&amp;amp;</c>.</summary>
    public static string TruncateEscaped(string text, int maxLength)
    {
        var escaped = SlackMrkdwn.Escape(text);
        if (escaped.Length <= maxLength)
        {
            return escaped;
        }

        if (maxLength <= TextCut.Ellipsis.Length)
        {
            return TextCut.Ellipsis[..Math.Max(0, maxLength)];
        }

        var end = TextCut.FittingLength(text, maxLength - TextCut.Ellipsis.Length, SlackMrkdwn.EscapedWidth, atWord: true);
        return SlackMrkdwn.Escape(text[..end].TrimEnd()) + TextCut.Ellipsis;
    }
}
