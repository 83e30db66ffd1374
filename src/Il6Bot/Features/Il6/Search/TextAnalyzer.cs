using System.Globalization;
using System.Text;

namespace Il6Bot.Features.Il6.Search;

/// <summary>
/// Turns text into the terms the index compares: lower-cased words, accents and apostrophes dropped ("aren’t" →
/// "arent"), hyphenated words split into their parts ("covid-19" → "covid", "19"), then Porter-stemmed.
/// Queries and content go through the same code so they always agree.
/// </summary>
public static class TextAnalyzer
{
    // Question words stay out of ranking ("how many workouts" is about workouts), but they still count
    // when they spell a whole id or alias such as "how" or "what is".
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "had", "has", "have",
        "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "much", "many",
        "my", "no", "not", "of", "on", "or", "our", "should", "so", "some", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "to", "up", "us", "was", "we", "were", "what",
        "whats", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your", "youll",
        "youre", "tell", "show", "explain", "give", "please", "vs", "versus", "via",
    };

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>The words of <paramref name="text"/> in order, lower-case, unstemmed.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c))
            {
                current.Append(RemoveAccent(c));
            }
            else if ((c is '\'' or '’') && current.Length > 0)
            {
                // Inside a word: "aren’t" stays one word. A closing quote simply ends nothing.
                continue;
            }
            else if (c >= '\u0300' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // A decomposed accent ("a" + U+0303 in "São"): dropped as RemoveAccent drops a precomposed
                // one, so both spellings give the same word instead of the mark splitting it.
                continue;
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>
    /// Hyphenated words written as one ("il-6" → "il6", "covid-19" → "covid19"), so a query that leaves
    /// out the hyphen still finds them.
    /// </summary>
    public static IEnumerable<string> Compounds(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (!part.Contains('-', StringComparison.Ordinal))
            {
                continue;
            }

            var joined = string.Concat(Words(part.Replace("-", string.Empty, StringComparison.Ordinal)));
            if (joined.Length > 0)
            {
                yield return joined;
            }
        }
    }

    /// <summary>The term a word is indexed under: its Porter stem (numbers stay as they are).</summary>
    public static string Stem(string word) =>
        word.All(char.IsAsciiLetterLower) ? PorterStemmer.Stem(word) : word;

    private static char RemoveAccent(char c)
    {
        if (c < 128)
        {
            return c;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) == UnicodeCategory.NonSpacingMark ? c : decomposed[0];
    }
}
