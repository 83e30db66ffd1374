using System.Text.RegularExpressions;
using Il6Bot.Messages;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// Normalises a channel typed in a slash command. With "Escape channels" on, Slack sends <c>&lt;#C123|general&gt;</c>
/// (or <c>&lt;#C123&gt;</c>); a bare <c>#general</c> carries no id and cannot be resolved without an API call.
/// </summary>
public static partial class SlackChannelReference
{
    /// <returns>The channel id, or null with <paramref name="problem"/> telling the user what to do.</returns>
    public static string? Normalize(string value, out string? problem)
    {
        var text = value.Trim();
        var escaped = EscapedChannel().Match(text);
        if (escaped.Success)
        {
            problem = null;
            return escaped.Groups["id"].Value;
        }

        if (ChannelId().IsMatch(text))
        {
            problem = null;
            return text;
        }

        problem = text.StartsWith('#')
            ? $"I can't tell which channel {EchoedInput.Code(text)} is. Pick the channel from the # menu as you type it, so Slack sends me a link to it."
            : $"{EchoedInput.Code(text)} is not a channel. Type `#` and pick the channel from the menu.";
        return null;
    }

    [GeneratedRegex(@"^<#(?<id>[CGD][A-Z0-9]+)(\|[^>]*)?>$")]
    private static partial Regex EscapedChannel();

    [GeneratedRegex("^[CGD][A-Z0-9]{6,}$")]
    private static partial Regex ChannelId();
}
