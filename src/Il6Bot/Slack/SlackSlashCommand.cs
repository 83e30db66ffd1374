using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Slack;

/// <summary>
/// The fields of a slash command that the bot uses, the same whether they came as an HTTP form (POST
/// /slack/commands) or in a Socket Mode envelope's payload.
/// </summary>
/// <param name="Command">e.g. <c>/il6</c>.</param>
/// <param name="ResponseUrl">Where a late answer is POSTed (valid for 30 minutes); may be absent.</param>
public sealed record SlackSlashCommand(
    string TeamId,
    string ChannelId,
    string UserId,
    string Command,
    string Text,
    string? ResponseUrl)
{
    /// <summary>Parses the form-encoded body of a slash-command request.</summary>
    /// <returns>The command, or null with <paramref name="error"/> saying which field is missing.</returns>
    public static SlackSlashCommand? ParseForm(ReadOnlySpan<byte> body, out string? error)
    {
        // Only the six fields below are decoded; a slash command carries a dozen more (names, api_app_id,
        // trigger_id, …) that a dictionary of every field would decode and store on each request. Matching is
        // as QueryHelpers.ParseQuery did it: names case-insensitive, '+' as space, and a repeated field's
        // values joined with ',' (StringValues.ToString()).
        var fields = new string?[FormFields.Length];
        try
        {
            foreach (var pair in new QueryStringEnumerable(Encoding.UTF8.GetString(body)))
            {
                var index = FieldIndex(pair.DecodeName().Span);
                if (index >= 0)
                {
                    var value = pair.DecodeValue().ToString();
                    fields[index] = fields[index] is { } earlier ? earlier + "," + value : value;
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error = "The body is not a form-encoded slash command.";
            return null;
        }

        string? Field(string name) => fields[FieldIndex(name)];
        return FromFields(Field, out error);
    }

    private static readonly string[] FormFields = ["command", "team_id", "channel_id", "user_id", "text", "response_url"];

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

    /// <summary>Builds a command from named fields (form keys, or Socket Mode payload properties).</summary>
    public static SlackSlashCommand? FromFields(Func<string, string?> field, out string? error)
    {
        var command = field("command");
        var team = field("team_id");
        var channel = field("channel_id");
        var user = field("user_id");
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
        var responseUrl = field("response_url");
        return new SlackSlashCommand(team, channel, user, command.Trim(), field("text") ?? string.Empty, string.IsNullOrWhiteSpace(responseUrl) ? null : responseUrl);
    }
}
