using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Il6Bot.Testing.Fuzz;

/// <summary>
/// What <see cref="SlackFuzzBodies"/> and <see cref="DiscordFuzzBodies"/> share: command texts and words, awkward
/// text of any length, and damage at the byte level. Everything comes from the caller's <see cref="Random"/>, so a
/// seed gives the same body again. Linked into the bench's fuzz mode too.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Test data, not security.")]
public static class FuzzText
{
    public static readonly string[] CommandTexts =
    [
        "", "what", "benefits", "help", "topics", "inflam", "how does it work", "list", "list 2",
        "schedule <#C123|general> mon 09:00 Europe/Berlin", "schedule <#C123> fri 18:30", "schedule #general tue 25:00 Mars/Base",
        "schedule <#C123|general> sun 0:00 UTC", "cancel n1", "cancel N1", "pause n1", "resume n1", "preview", "preview 3",
        "send <#C123|general>", "send C123", "send", "schedule", "cancel", "nudge", "--help",
    ];

    public static readonly string[] Words =
    [
        "schedule", "list", "cancel", "pause", "resume", "preview", "send", "help", "mon", "Sunday", "09:00", "23:59", "24:00",
        "UTC", "Europe/Berlin", "../../etc/passwd", "<#C123|general>", "<#C123>", "<#>", "<@U1>", "#general", "n1", "n0",
        "n99999999999999999999", "-1", "1e309", "*bold*", "`code`", "```", "<!channel>", "@everyone", "😀", "é", "\u202E",
    ];

    private static readonly string[] OddTexts =
    [
        "", " ", "\0", "\n", "\r\n", "\u2028", "\uFFFF", "\uD800", "😀", "%", "%%", "%zz", "+", "=", "&", "<", ">", "\\", "\"", "'",
        "null", "true", "0", "-0", "1e999", "NaN", "9223372036854775808", "-9223372036854775809",
    ];

    /// <summary>Byte-level damage to a share of the bodies; a body that came to name Slack's own hosts is replaced.</summary>
    public static byte[] Finish(Random random, byte[] body, byte[] fallback)
    {
        var roll = random.Next(100);
        if (roll < 4)
        {
            body = new byte[random.Next(0, 2048)];
            random.NextBytes(body);
        }
        else if (roll < 20)
        {
            body = MutateBytes(random, body);
        }

        // Late answers go to response_url when it is Slack's: a mutation must never aim one at the internet, not
        // even percent-encoded (twice: the form decodes once, the URL parser may again).
        var text = Encoding.UTF8.GetString(body);
        return Uri.UnescapeDataString(Uri.UnescapeDataString(text)).Contains("slack.com", StringComparison.OrdinalIgnoreCase) ? fallback : body;
    }

    private static byte[] MutateBytes(Random random, byte[] body)
    {
        var bytes = new List<byte>(body);
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Mostly short, sometimes long; letters, words, and every kind of awkward character.</summary>
    public static string RandomText(Random random)
    {
        var length = random.Next(10) switch
        {
            0 => random.Next(1000, 20_000),
            1 or 2 => 0,
            _ => random.Next(1, 40),
        };
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            _ = random.Next(6) switch
            {
                0 => text.Append(Pick(random, OddTexts)),
                1 => text.Append(Pick(random, Words)).Append(' '),
                2 => text.Append((char)random.Next(0, 0x80)),
                3 => text.Append((char)random.Next(0x80, 0xFFFF)),
                _ => text.Append((char)random.Next('a', 'z' + 1)),
            };
        }

        return text.ToString();
    }

    /// <summary>Percent-encoding for a form value; what cannot be UTF-8 encoded (a lone surrogate) is sent as raw escapes.</summary>
    public static string Encode(string text)
    {
        try
        {
            return Uri.EscapeDataString(text);
        }
        catch (UriFormatException)
        {
            return "%ED%A0%80";
        }
    }

    /// <summary>Escapes of arbitrary bytes: invalid UTF-8, overlong forms, controls.</summary>
    public static string RawPercent(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => "%" + random.Next(256).ToString("X2", CultureInfo.InvariantCulture)));

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
