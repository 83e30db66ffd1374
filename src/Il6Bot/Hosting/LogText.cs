using System.Buffers;
using System.Globalization;
using System.Text;

namespace Il6Bot.Hosting;

/// <summary>
/// A log message parameter holding text from outside (a request field, an envelope, a platform's error). It is
/// written with control characters, Unicode line and paragraph separators and bidirectional controls as escapes
/// (<c>\n</c>, <c>\u2028</c>), so a value can neither start a forged log line nor reorder one, and cut after
/// <see cref="MaxLength"/> characters, saying how much was left out. Declaring a <c>[LoggerMessage]</c> parameter
/// as <see cref="LogText"/> is all it takes: a string converts implicitly, and the escaping happens only when the
/// entry is actually written.
/// </summary>
public readonly record struct LogText(string? Raw)
{
    public const int MaxLength = 500;

    /// <summary>C0 and C1 controls (NEL among them), DEL, U+2028/U+2029, and the bidirectional marks, embeddings, overrides and isolates.</summary>
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(
            Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21))
                .Concat([0x061C, 0x200E, 0x200F, 0x2028, 0x2029])
                .Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2066, 4))
                .Select(code => (char)code)));

    public static implicit operator LogText(string? text) => new(text);

    public static LogText FromString(string? text) => new(text);

    public override string ToString() => Raw is null ? "(null)" : Escape(Raw);

    /// <summary>The text as it goes into a log: the same string when nothing needs escaping or cutting.</summary>
    public static string Escape(string text)
    {
        if (text.Length <= MaxLength && !text.AsSpan().ContainsAny(Unsafe))
        {
            return text;
        }

        // Never split a surrogate pair at the cut.
        var kept = text.Length <= MaxLength ? text.Length : char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        var escaped = new StringBuilder(kept + 16);
        foreach (var c in text.AsSpan(0, kept))
        {
            _ = c switch
            {
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                '\t' => escaped.Append("\\t"),
                _ when Unsafe.Contains(c) => escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return kept < text.Length
            ? escaped.Append(CultureInfo.InvariantCulture, $"…(+{text.Length - kept} chars)").ToString()
            : escaped.ToString();
    }
}
