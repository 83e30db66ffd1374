using System.Text.RegularExpressions;
using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// Reads a mention typed in a slash command into the core's neutral form (<see cref="MentionOption"/>). With "Escape
/// channels, users, and links" on, Slack sends a picked user group as <c>&lt;!subteam^S123|@team&gt;</c> and the
/// special mentions as <c>&lt;!here&gt;</c>, <c>&lt;!channel&gt;</c>, <c>&lt;!everyone&gt;</c>; a bare <c>@team</c>
/// carries no id.
/// </summary>
public static partial class SlackMentionReference
{
    /// <returns>The neutral mention, or null with <paramref name="problem"/> telling the user what to type.</returns>
    public static string? Normalize(string value, out string? problem)
    {
        problem = null;
        var text = value.Trim();
        var group = UserGroup().Match(text);
        if (group.Success)
        {
            return MentionTarget.GroupPrefix + group.Groups["id"].Value;
        }

        var special = Special().Match(text);
        var name = special.Success ? special.Groups["name"].Value : text.TrimStart('@');
        switch (name.ToLowerInvariant())
        {
            case "here":
                return MentionTarget.HereText;
            case "channel":
                return MentionOption.Channel;
            case "everyone":
                return MentionOption.Everyone;
            case MentionOption.None when !text.StartsWith('@') && !special.Success:
                return MentionOption.None;
        }

        problem = text.StartsWith('@')
            ? $"I can't tell which user group {EchoedInput.Code(text)} is. Pick it from the @ menu as you type it, so Slack sends me a link to it, or type `@here`."
            : $"{EchoedInput.Code(text)} is not a mention. Type `@` and pick a user group from the menu, `@here`, or `none` to take the mention off.";
        return null;
    }

    [GeneratedRegex(@"^<!subteam\^(?<id>[A-Z0-9]+)(\|[^>]*)?>$")]
    private static partial Regex UserGroup();

    [GeneratedRegex(@"^<!(?<name>here|channel|everyone)(\|[^>]*)?>$", RegexOptions.IgnoreCase)]
    private static partial Regex Special();
}
