using System.Text;

namespace Il6Bot.Features.Insights;

/// <summary>
/// A search's text as it is counted: lower case, single spaces, at most <see cref="MaxLength"/> characters, so
/// "Creatine  DOSE" and "creatine dose" are one question and a pasted essay is one short row.
/// </summary>
public static class UnansweredQuery
{
    public const int MaxLength = 100;

    /// <summary>The normalised text, or null when nothing is left to count.</summary>
    public static string? Normalise(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                if (builder.Length + 1 >= MaxLength)
                {
                    break;
                }

                builder.Append(' ');
                pendingSpace = false;
            }

            // A surrogate pair is kept whole: half of one is not text PostgreSQL can store.
            if (builder.Length + (char.IsHighSurrogate(c) ? 2 : 1) > MaxLength)
            {
                break;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
