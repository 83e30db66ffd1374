namespace Il6Bot.Discord.Rendering;

/// <summary>A message body as Discord's create-message, webhook and interaction-callback endpoints take it.</summary>
public sealed record DiscordMessagePayload(
    string? Content,
    IReadOnlyList<DiscordEmbed>? Embeds,
    int? Flags,
    DiscordAllowedMentions? AllowedMentions,
    string? Nonce = null,
    bool? EnforceNonce = null)
{
    public const int EphemeralFlag = 1 << 6;

    /// <summary>Rendered text never pings anyone, whatever a section or nudge happens to contain.</summary>
    public static DiscordAllowedMentions NoMentions { get; } = new([]);
}

public sealed record DiscordEmbed(
    string? Title,
    string? Description,
    IReadOnlyList<DiscordEmbedField>? Fields,
    DiscordEmbedFooter? Footer,
    int? Color);

public sealed record DiscordEmbedField(string Name, string Value, bool? Inline = null);

public sealed record DiscordEmbedFooter(string Text);

public sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse);
