namespace Il6Bot.Slack.Workspaces;

/// <summary>What a workspace without an installation is told, with where to install the app.</summary>
public static class SlackInstallLink
{
    public const string InstallPath = "/slack/install";

    /// <summary><c>{Slack:PublicUrl}/slack/install</c>; the bare path when no public URL is configured.</summary>
    public static string For(SlackOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicUrl) ? InstallPath : options.PublicUrl.TrimEnd('/') + InstallPath;

    public static string NotInstalledText(SlackOptions options) => "Il6Bot is not installed here: " + For(options);
}
