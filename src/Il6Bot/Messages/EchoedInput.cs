using System.Globalization;
using System.Text;

namespace Il6Bot.Messages;

/// <summary>
/// What a reply may quote of what someone typed. Input is unbounded (a Discord option or a Slack command can be
/// hundreds of kilobytes), so an error that repeated it whole would itself become too long for one message;
/// a short single-line prefix is enough to recognise the mistake.
/// </summary>
public static class EchoedInput
{
    /// <summary>At most this many UTF-16 units are quoted, the ellipsis included.</summary>
    public const int MaxLength = 80;

    /// <summary>
    /// A prefix of <paramref name="input"/> of at most <see cref="MaxLength"/> characters, ending in an ellipsis
    /// when cut, with line breaks and other control characters shown as spaces and unpaired surrogates as U+FFFD,
    /// so the quote stays on one line and is valid UTF-16.
    /// </summary>
    public static string Text(string input)
    {
        var cut = TextCut.Truncate(input, MaxLength, atWord: false);
        return IsClean(cut) ? cut : Clean(cut);
    }

    /// <summary>
    /// <see cref="Text"/> as a Markdown code span, fenced so that backticks in the input cannot end it early (or
    /// turn the rest of the reply into markup): parsed, it is exactly one <see cref="CodeInline"/>.
    /// </summary>
    public static string Code(string input)
    {
        var text = Text(input).Trim();
        if (text.Length == 0)
        {
            return "` `";
        }

        var fence = new string('`', Backticks.LongestRun(text) + 1);

        // CommonMark strips one space on each side, which lets the span start or end with a backtick.
        return fence.Length > 1 ? $"{fence} {text} {fence}" : $"`{text}`";
    }

    /// <summary>
    /// <see cref="Text"/> for a Markdown line, every ASCII punctuation character backslash-escaped (CommonMark allows
    /// it for all of them), so that member-typed text parses back as exactly that text: never a link, emphasis,
    /// code span, entity or HTML in a reply read by someone else.
    /// </summary>
    public static string Markdown(string input)
    {
        var text = Text(input);
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is > ' ' and < '\x7F' && !char.IsAsciiLetterOrDigit(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return text.Length == builder.Length ? text : builder.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsLineOrControl(c) || char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(IsLineOrControl(c) ? ' ' : char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static bool IsLineOrControl(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
