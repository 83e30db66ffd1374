using Il6Bot.Commands;

namespace Il6Bot.Messages;

/// <summary>
/// Who a posted message pings, chosen by a moderator: a platform's group of members (a Discord role, a Slack user
/// group) or everyone active in the channel. Adapters turn it into their mark-up and their rules for what may ping;
/// nothing else in a message ever pings anyone.
/// </summary>
/// <param name="GroupId">The group's platform id (bare, no mark-up); null for <see cref="MentionKind.Here"/>.</param>
public sealed record MentionTarget(MentionKind Kind, string? GroupId)
{
    public static MentionTarget Here { get; } = new(MentionKind.Here, null);

    public static MentionTarget Group(string id) => new(MentionKind.Group, id);

    /// <summary>The stored and neutral form: <c>group:ID</c> or <c>here</c>.</summary>
    public string Text => Kind == MentionKind.Group ? GroupPrefix + GroupId : HereText;

    public const string GroupPrefix = "group:";

    public const string HereText = "here";

    /// <summary>Reads <see cref="Text"/> back; null for anything else (an old or hand-edited value pings nobody).</summary>
    public static MentionTarget? FromText(string? text)
    {
        if (string.Equals(text, HereText, StringComparison.Ordinal))
        {
            return Here;
        }

        return text is not null && text.StartsWith(GroupPrefix, StringComparison.Ordinal) && text.Length > GroupPrefix.Length
            && IsPlausibleGroupId(text.AsSpan(GroupPrefix.Length))
            ? Group(text[GroupPrefix.Length..])
            : null;
    }

    /// <summary>
    /// Platform group ids are short letters and digits (a Discord snowflake, a Slack <c>S0…</c> id, a console name);
    /// anything else could smuggle mark-up into the one place a message is allowed to ping.
    /// </summary>
    public static bool IsPlausibleGroupId(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= 32 && !id.ContainsAnyExcept(GroupIdChars);

    private static readonly System.Buffers.SearchValues<char> GroupIdChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
}

public enum MentionKind
{
    /// <summary>The members of one group (Discord role, Slack user group).</summary>
    Group,

    /// <summary>The channel's active members (Slack <c>@here</c>).</summary>
    Here,
}
