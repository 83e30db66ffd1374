namespace Il6Bot.Content;

/// <summary>
/// A topic as typed, without the marks people put around a word they ask about (<c>how?</c>, <c>"why"</c>,
/// <c>“what is”</c>, <c>`help`</c>): one rule for the topic lookup and for <c>/il6</c>'s own words.
/// </summary>
public static class TopicKey
{
    /// <summary>The typed text with punctuation, quotes, backticks and spaces trimmed from both ends; a slice, never a copy.</summary>
    public static ReadOnlySpan<char> WithoutMarks(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && IsMark(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsMark(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    // Quotes, typographic ones included, are punctuation (Pi, Pf, Po) to char.IsPunctuation; a backtick
    // (a symbol to Unicode) is how chat users quote a word as code.
    private static bool IsMark(char c) => char.IsPunctuation(c) || char.IsWhiteSpace(c) || c == '`';
}
