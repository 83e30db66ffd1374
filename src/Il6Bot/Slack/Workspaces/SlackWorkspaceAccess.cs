namespace Il6Bot.Slack.Workspaces;

/// <summary>
/// How the bot acts in one workspace: the bot token for its Web API calls (null when the app is not installed
/// there) and who installed it (a moderator there).
/// </summary>
public sealed record SlackWorkspaceAccess(string? Token, string? InstallerUserId)
{
    public static SlackWorkspaceAccess NotInstalled { get; } = new(null, null);

    public bool IsInstalled => Token is not null;
}
