using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.LocalConsole;

/// <summary>
/// Reads a mention typed at the console into the core's neutral form (<see cref="MentionOption"/>): <c>@here</c>,
/// <c>@everyone</c>, <c>@channel</c> and <c>none</c> as on Slack, any other <c>@name</c> a group of that name.
/// </summary>
public static class ConsoleMentionReference
{
    public static string Normalize(string typed)
    {
        var text = typed.Trim();
        var name = text.TrimStart('@');
        return name.ToLowerInvariant() switch
        {
            MentionTarget.HereText => MentionTarget.HereText,
            MentionOption.Everyone => MentionOption.Everyone,
            MentionOption.Channel => MentionOption.Channel,
            MentionOption.None when !text.StartsWith('@') => MentionOption.None,
            _ => MentionTarget.GroupPrefix + name,
        };
    }
}
