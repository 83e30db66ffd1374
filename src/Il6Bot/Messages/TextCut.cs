namespace Il6Bot.Messages;

/// <summary>
/// Cuts text to a length limit without ever separating the two halves of a surrogate pair: half an emoji is
/// invalid UTF-16, which JSON writers escape as a lone <c>\uD83D</c> and platforms show as U+FFFD (or reject).
/// </summary>
public static class TextCut
{
    public const string Ellipsis = "…";

    /// <summary><paramref name="index"/>, moved back by one when it falls inside a surrogate pair.</summary>
    public static int SafeIndex(ReadOnlySpan<char> text, int index) =>
        index < text.Length && index > 0 && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1])
            ? index - 1
            : Math.Clamp(index, 0, text.Length);

    /// <summary>
    /// <paramref name="text"/> when it fits <paramref name="maxLength"/>; otherwise the longest whole-character
    /// prefix that fits together with an ellipsis, cut at a word boundary when <paramref name="atWord"/> and
    /// that keeps at least half of what fits.
    /// </summary>
    public static string Truncate(string text, int maxLength, bool atWord = true)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        if (maxLength <= Ellipsis.Length)
        {
            return Ellipsis[..Math.Max(0, maxLength)];
        }

        var end = FittingLength(text, maxLength - Ellipsis.Length, static _ => 1, atWord);
        return string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis);
    }

    /// <summary>
    /// How many leading characters of <paramref name="text"/> fit <paramref name="budget"/> when each costs
    /// <paramref name="width"/> (e.g. its escaped length), never ending inside a surrogate pair; with
    /// <paramref name="atWord"/>, shortened to the last space unless that throws away more than half.
    /// </summary>
    public static int FittingLength(ReadOnlySpan<char> text, int budget, Func<char, int> width, bool atWord)
    {
        var used = 0;
        var end = 0;
        while (end < text.Length && used + width(text[end]) <= budget)
        {
            used += width(text[end]);
            end++;
        }

        end = SafeIndex(text, end);
        if (atWord && end > 1 && end < text.Length)
        {
            var from = end - (end / 2);
            var space = text[from..end].LastIndexOf(' ');
            if (space >= 0 && from + space > 0)
            {
                end = from + space;
            }
        }

        return end;
    }
}
