namespace Il6Bot.Slack.Installations;

/// <summary>
/// The "Add to Slack" keys of the <c>Slack</c> section (bound beside <see cref="SlackOptions"/>); see README
/// "Configuration". Without a client id there is no install flow and the bot serves the one workspace of
/// <c>Slack:BotToken</c>.
/// </summary>
public sealed class SlackInstallOptions
{
    /// <summary>Today's scopes (commands, nudges, the channel check, finding a nudge after a crash) plus DMs and users.info.</summary>
    public const string DefaultScopes = "commands,chat:write,channels:read,groups:read,channels:history,groups:history,im:write,users:read";

    public const string CallbackPath = "/slack/oauth/callback";

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The bot's public HTTPS base; the redirect URI is this plus <see cref="CallbackPath"/>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Bot scopes, comma-separated as Slack's authorize URL takes them.</summary>
    public string Scopes { get; set; } = DefaultScopes;

    /// <summary>Where the authorize page is; tests point it at a fake.</summary>
    public string OAuthBaseUrl { get; set; } = "https://slack.com";

    /// <summary>
    /// Base64 of 32 random bytes (<c>openssl rand -base64 32</c>) that encrypts the Data Protection key ring where it is
    /// stored, so the database (or data folder) alone opens no token. It lives outside the store: the systemd
    /// EnvironmentFile. Required with a client id on PostgreSQL; optional, used when set, with SQLite.
    /// </summary>
    public string? TokenEncryptionKey { get; set; }

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>
    /// Whether the key ring is read at all: by the install flow's tokens, or to seal it with
    /// <see cref="TokenEncryptionKey"/>. A single-workspace bot without the secret never reads it.
    /// </summary>
    public bool UsesKeyRing => IsEnabled || !string.IsNullOrWhiteSpace(TokenEncryptionKey);

    public string RedirectUri => PublicUrl!.TrimEnd('/') + CallbackPath;
}
