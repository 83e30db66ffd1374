namespace Il6Bot.Slack;

/// <summary>Shortens plain text to a hard limit at a word boundary, marking the cut with an ellipsis.</summary>
internal static class TextTruncation
{
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }

        var space = text.LastIndexOf(' ', cut - 1, cut / 2);
        if (space > 0)
        {
            cut = space;
        }

        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>Truncates before escaping, so the cut never lands inside an <c>&amp;amp;</c>.</summary>
    public static string TruncateEscaped(string text, int maxLength)
    {
        var escaped = SlackMrkdwn.Escape(text);
        var budget = maxLength;
        while (escaped.Length > maxLength && budget > 1)
        {
            budget -= Math.Max(1, escaped.Length - maxLength);
            escaped = SlackMrkdwn.Escape(Truncate(text, Math.Max(1, budget)));
        }

        return escaped;
    }
}
