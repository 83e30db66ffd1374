using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Il6Bot.Commands;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// The fields of a slash command that the bot uses, the same whether they came as an HTTP form (POST
/// /slack/commands) or in a Socket Mode envelope's payload.
/// </summary>
/// <param name="Command">e.g. <c>/il6</c>.</param>
/// <param name="ResponseUrl">Where a late answer is POSTed (valid for 30 minutes); may be absent.</param>
/// <param name="TriggerId">Slack's id for this one invocation: a copy of the request carries the same.</param>
public sealed record SlackSlashCommand(
    string TeamId,
    string ChannelId,
    string UserId,
    string Command,
    string Text,
    string? ResponseUrl,
    string? TriggerId = null)
{
    /// <summary>How the command arrived (a form POST unless the transport says otherwise); labels the metrics.</summary>
    public CommandTransport Transport { get; init; }

    /// <summary>The Enterprise Grid org of the workspace, when it is in one; with <see cref="TeamId"/> it names the installation.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>
    /// Slack sent this trigger_id before (a replayed request) and the command is answered again rather than from
    /// memory: it becomes <see cref="CommandRequest.IsRepeat"/>, so nothing is counted twice.
    /// </summary>
    public bool IsRepeat { get; init; }

    /// <summary>Parses the form-encoded body of a slash-command request.</summary>
    /// <returns>The command, or null with <paramref name="error"/> saying which field is missing.</returns>
    public static SlackSlashCommand? ParseForm(ReadOnlySpan<byte> body, out string? error)
    {
        string?[] fields;
        try
        {
            fields = DecodeFields(body);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error = "The body is not a form-encoded slash command.";
            return null;
        }

        var command = FromValues(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], out error);
        return command is not null && !string.IsNullOrEmpty(fields[7]) ? command with { EnterpriseId = fields[7] } : command;
    }

    /// <summary>
    /// The eight fields the bot reads, decoded straight from the raw bytes; a slash command carries a handful more
    /// (names, api_app_id, …) that are skipped without decoding. Same results as
    /// <c>QueryHelpers.ParseQuery</c> over the UTF-8 text (a property test holds it to that): names
    /// case-insensitive, <c>+</c> as space, percent-escapes as UTF-8, a repeated field's non-empty values joined with ','.
    /// </summary>
    internal static string?[] DecodeFields(ReadOnlySpan<byte> body)
    {
        var fields = new string?[FormFields.Length];
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'&');
            var pair = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];

            // A name that matches as sent is plain ASCII (the field names are), so only a miss can need decoding.
            var index = FieldIndex(name);
            if (index < 0 && name.ContainsAny(Encoded))
            {
                index = FieldIndex(Decode(name));
            }

            if (index < 0)
            {
                continue;
            }

            // StringValues.ToString() joins a repeated field's values with ',' and skips the empty ones.
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            fields[index] = fields[index] switch
            {
                null => value,
                { Length: 0 } => value,
                var earlier when value.Length == 0 => earlier,
                var earlier => earlier + "," + value,
            };
        }

        return fields;
    }

    /// <summary>As QueryStringEnumerable decodes: UTF-8 text, then '+' → ' ', then <see cref="Uri.UnescapeDataString(string)"/>.</summary>
    private static string Decode(ReadOnlySpan<byte> encoded)
    {
        // Most values (ids, a topic) are plain ASCII: one vectorised widening.
        if (!encoded.ContainsAny(Encoded))
        {
            return encoded.IsEmpty ? string.Empty : Encoding.ASCII.GetString(encoded);
        }

        if (TryDecodePrintableAscii(encoded, out var decoded))
        {
            return decoded;
        }

        var text = Encoding.UTF8.GetString(encoded);
        return text.AsSpan().IndexOfAny('%', '+') < 0 ? text : Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    /// <summary>
    /// The common case in one pass: ASCII whose escapes are well formed and stand for printable ASCII (Slack's
    /// <c>%2Fil6</c>, a <c>response_url</c>). Anything else (UTF-8, malformed or control escapes) is left to the
    /// general path, whose rules this matches for the inputs it accepts.
    /// </summary>
    private static bool TryDecodePrintableAscii(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        if (encoded.Length > 512)
        {
            return false;
        }

        Span<char> chars = stackalloc char[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%')
            {
                if (i + 2 >= encoded.Length || HexValue(encoded[i + 1]) is not (>= 0 and var high) || HexValue(encoded[i + 2]) is not (>= 0 and var low))
                {
                    return false;
                }

                b = (byte)((high << 4) | low);
                if (b is < 0x20 or >= 0x7F)
                {
                    return false;
                }

                i += 2;
            }
            else if (b == '+')
            {
                b = (byte)' ';
            }
            else if (b >= 0x80)
            {
                return false;
            }

            chars[length++] = (char)b;
        }

        decoded = new string(chars[..length]);
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    // DecodeFields returns the values in this order; ParseForm reads them by position.
    private static readonly string[] FormFields = ["command", "team_id", "channel_id", "user_id", "text", "response_url", "trigger_id", "enterprise_id"];

    private static readonly byte[][] FormFieldBytes = [.. FormFields.Select(Encoding.ASCII.GetBytes)];

    private static int FieldIndex(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < FormFields.Length; i++)
        {
            if (name.Equals(FormFields[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    // The fields by the length of their name: a slash command's other names (token, user_name, …) mostly have a length
    // no field has, and are skipped without a comparison.
    private static readonly int[][] FieldsByLength = [.. Enumerable.Range(0, FormFields.Max(f => f.Length) + 1)
        .Select(length => Enumerable.Range(0, FormFields.Length).Where(i => FormFields[i].Length == length).ToArray())];

    // What makes a name or value differ from its bytes read as ASCII: an escape, '+' for a space, or UTF-8.
    private static readonly SearchValues<byte> Encoded = SearchValues.Create([(byte)'%', (byte)'+', .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    private static int FieldIndex(ReadOnlySpan<byte> name)
    {
        if ((uint)name.Length >= (uint)FieldsByLength.Length)
        {
            return -1;
        }

        foreach (var i in FieldsByLength[name.Length])
        {
            if (Ascii.EqualsIgnoreCase(name, FormFieldBytes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static SlackSlashCommand? FromFields(Func<string, string?> field, out string? error)
    {
        var command = FromValues(field("command"), field("team_id"), field("channel_id"), field("user_id"), field("text"), field("response_url"), field("trigger_id"), out error);
        return command is not null && field("enterprise_id") is { Length: > 0 } enterprise ? command with { EnterpriseId = enterprise } : command;
    }

    private static SlackSlashCommand? FromValues(string? command, string? team, string? channel, string? user, string? text, string? responseUrl, string? triggerId, out string? error)
    {
        if (string.IsNullOrWhiteSpace(command) || string.IsNullOrWhiteSpace(team) || string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(user))
        {
            var missing = new[] { ("command", command), ("team_id", team), ("channel_id", channel), ("user_id", user) }
                .Where(f => string.IsNullOrWhiteSpace(f.Item2))
                .Select(f => f.Item1);
            error = "Missing slash-command field(s): " + string.Join(", ", missing) + ".";
            return null;
        }

        if (!command.StartsWith('/'))
        {
            error = "The command field must start with '/'.";
            return null;
        }

        error = null;
        return new SlackSlashCommand(
            team, channel, user, command.Trim(), text ?? string.Empty, string.IsNullOrWhiteSpace(responseUrl) ? null : responseUrl, string.IsNullOrWhiteSpace(triggerId) ? null : triggerId);
    }
}
