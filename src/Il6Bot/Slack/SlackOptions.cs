namespace Il6Bot.Slack;

/// <summary>Bound from the <c>Slack</c> section; see README "Configuration".</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>How commands arrive: <see cref="SlackMode.Http"/> (the slash command endpoint) or
    /// <see cref="SlackMode.SocketMode"/> (an outbound WebSocket).</summary>
    public SlackMode Mode { get; set; } = SlackMode.Http;

    /// <summary>The app's signing secret, which verifies <c>POST /slack/commands</c> and <c>POST /slack/interactions</c>.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Bot token (<c>xoxb-</c>) for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>Slack user ids allowed to use <c>/nudge</c>.</summary>
    public IList<string> Moderators { get; } = [];

    /// <summary>
    /// The Slack app's client id (the "Add to Slack" install flow). Set, the bot serves every workspace that installs
    /// it, each with its own token; unset, only the workspace of <see cref="BotToken"/>.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The bot's public HTTPS base; the install link is <c>{PublicUrl}/slack/install</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The Web API base URL (tests point it at a fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api";

    /// <summary>Several workspaces, each with the token of its installation (see <see cref="ClientId"/>).</summary>
    public bool IsMultiWorkspace => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Any Slack credential, or the install flow, means Slack is in use.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(BotToken) || !string.IsNullOrWhiteSpace(AppToken)
        || IsMultiWorkspace;
}

public enum SlackMode
{
    Http,
    SocketMode,
}
