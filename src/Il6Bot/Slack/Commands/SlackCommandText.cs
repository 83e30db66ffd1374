using System.Text;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// The text typed after a slash command as the user typed it. Slack escapes <c>&amp;</c>, <c>&lt;</c> and
/// <c>&gt;</c> in it as <c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c> (its links and mentions keep literal
/// angle brackets), so "r&amp;d" would otherwise be searched for as "r", "amp", "d" and echoed escaped twice.
/// </summary>
public static class SlackCommandText
{
    /// <summary>Undoes Slack's three escapes, in one pass, so an escaped escape (<c>&amp;amp;lt;</c>) stays <c>&amp;lt;</c>.</summary>
    public static string Unescape(string text)
    {
        var first = text.IndexOf('&', StringComparison.Ordinal);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var rest = text.AsSpan(i);
            if (rest.StartsWith("&amp;", StringComparison.Ordinal))
            {
                builder.Append('&');
                i += "&amp;".Length - 1;
            }
            else if (rest.StartsWith("&lt;", StringComparison.Ordinal))
            {
                builder.Append('<');
                i += "&lt;".Length - 1;
            }
            else if (rest.StartsWith("&gt;", StringComparison.Ordinal))
            {
                builder.Append('>');
                i += "&gt;".Length - 1;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
