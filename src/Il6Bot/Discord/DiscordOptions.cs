namespace Il6Bot.Discord;

/// <summary>Bound from the <c>Discord</c> section; see README "Configuration".</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    public string? ApplicationId { get; set; }

    /// <summary>Ed25519 public key of the application, 64 hex characters.</summary>
    public string? PublicKey { get; set; }

    public string? BotToken { get; set; }

    /// <summary>When set, commands are registered to this guild only (instant, for development).</summary>
    public string? GuildId { get; set; }

    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    public DiscordMode Mode { get; set; } = DiscordMode.Http;

    public string? GatewayUrl { get; set; }

    public int ShardId { get; set; }

    public int ShardCount { get; set; } = 1;

    /// <summary>Any Discord credential present means Discord is in use.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(PublicKey) || !string.IsNullOrWhiteSpace(BotToken);
}

public enum DiscordMode
{
    Http,
    Gateway,
}
