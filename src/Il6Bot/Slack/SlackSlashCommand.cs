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
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form;
        try
        {
            form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error = "The body is not a form-encoded slash command.";
            return null;
        }

        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        return FromFields(Field, out error);
    }

    /// <summary>Builds a command from named fields (form keys, or Socket Mode payload properties).</summary>
    public static SlackSlashCommand? FromFields(Func<string, string?> field, out string? error)
    {
        var command = field("command");
        var team = field("team_id");
        var channel = field("channel_id");
        var user = field("user_id");
        var missing = new[] { ("command", command), ("team_id", team), ("channel_id", channel), ("user_id", user) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2))
            .Select(f => f.Item1)
            .ToList();
        if (missing.Count > 0 || !command!.StartsWith('/'))
        {
            error = missing.Count > 0
                ? "Missing slash-command field(s): " + string.Join(", ", missing) + "."
                : "The command field must start with '/'.";
            return null;
        }

        error = null;
        var responseUrl = field("response_url");
        return new SlackSlashCommand(team!, channel!, user!, command.Trim(), field("text") ?? string.Empty, string.IsNullOrWhiteSpace(responseUrl) ? null : responseUrl);
    }
}
