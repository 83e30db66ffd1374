namespace Il6Bot.Slack;

/// <summary>Shortens text to a hard limit at a word boundary, marking the cut with an ellipsis.</summary>
internal static class TextTruncation
{
    private const string Ellipsis = "…";

    public static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : Cut(text, maxLength, static c => 1, escape: false);

    /// <summary>Escapes for mrkdwn within <paramref name="maxLength"/>; the cut is made in the raw text, so it never lands inside an <c>&amp;amp;</c>.</summary>
    public static string TruncateEscaped(string text, int maxLength)
    {
        var escaped = SlackMrkdwn.Escape(text);
        return escaped.Length <= maxLength ? escaped : Cut(text, maxLength, EscapedWidth, escape: true);
    }

    private static int EscapedWidth(char c) => c switch { '&' => 5, '<' or '>' => 4, _ => 1 };

    private static string Cut(string text, int maxLength, Func<char, int> width, bool escape)
    {
        if (maxLength <= Ellipsis.Length)
        {
            return Ellipsis[..Math.Max(0, maxLength)];
        }

        var budget = maxLength - Ellipsis.Length;
        var used = 0;
        var end = 0;
        while (end < text.Length && used + width(text[end]) <= budget)
        {
            used += width(text[end]);
            end++;
        }

        if (end > 0 && end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end--;
        }

        // Prefer a word boundary, unless that throws away more than half of what fits.
        var space = end > 1 ? text.LastIndexOf(' ', end - 1, end / 2) : -1;
        if (space > 0)
        {
            end = space;
        }

        var kept = text[..end].TrimEnd();
        return (escape ? SlackMrkdwn.Escape(kept) : kept) + Ellipsis;
    }
}
