namespace Il6Bot.Messages;

/// <summary>
/// Backtick runs in code: a Markdown code span ends at the first run as long as the one that opened it, so a fence
/// that can hold the code needs one backtick more than its longest run.
/// </summary>
internal static class Backticks
{
    public static int LongestRun(ReadOnlySpan<char> text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
