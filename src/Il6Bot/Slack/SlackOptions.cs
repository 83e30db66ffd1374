namespace Il6Bot.Slack;

/// <summary>Bound from the <c>Slack</c> section; see README "Configuration".</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    public string? SigningSecret { get; set; }

    /// <summary>Bot token (<c>xoxb-</c>) for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    public string ApiBaseUrl { get; set; } = "https://slack.com/api";

    public SlackMode Mode { get; set; } = SlackMode.Http;

    /// <summary>Slack user ids allowed to use <c>/nudge</c>.</summary>
    public IList<string> Moderators { get; } = [];

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(BotToken) || !string.IsNullOrWhiteSpace(AppToken);
}

public enum SlackMode
{
    Http,
    SocketMode,
}
