namespace Il6Bot.Discord;

/// <summary>Bound from the <c>Discord</c> section; see README "Configuration".</summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The application's id; with <see cref="BotToken"/>, commands are registered on start.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>Ed25519 public key of the application, 64 hex characters.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The bot token for REST (registration, nudges) and the Gateway.</summary>
    public string? BotToken { get; set; }

    /// <summary>When set, commands are registered to this guild only (instant, for development).</summary>
    public string? GuildId { get; set; }

    /// <summary>The REST base URL (tests point it at a fake).</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>How interactions arrive: <see cref="DiscordMode.Http"/> (the interactions endpoint) or
    /// <see cref="DiscordMode.Gateway"/> (an outbound WebSocket).</summary>
    public DiscordMode Mode { get; set; } = DiscordMode.Http;

    /// <summary>Overrides the URL <c>GET /gateway/bot</c> answers (which is still asked, for the session start limit).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>The Gateway shard this process runs, from 0 (sharding is for large bots).</summary>
    public int ShardId { get; set; }

    /// <summary>How many shards the Gateway connections are split into.</summary>
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
