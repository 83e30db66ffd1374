namespace Il6Bot.Slack.Installations;

/// <summary>
/// What "Add to Slack" leaves behind for one workspace: the bot token every Web API call for that workspace uses,
/// and, when the app has token rotation on, the refresh token and when the bot token expires.
/// Tokens are plain here; the store encrypts them at rest.
/// </summary>
public sealed record SlackInstallation(
    SlackTeam Team,
    string? TeamName,
    string BotToken,
    string BotUserId,
    string Scopes,
    string? InstallerUserId,
    DateTimeOffset InstalledAt,
    string? RefreshToken,
    DateTimeOffset? ExpiresAt);
