namespace Il6Bot.Discord.Rendering;

/// <summary>A message body as Discord's create-message, webhook and interaction-callback endpoints take it.</summary>
public sealed record DiscordMessagePayload(
    string? Content,
    IReadOnlyList<DiscordEmbed>? Embeds,
    int? Flags,
    DiscordAllowedMentions? AllowedMentions,
    string? Nonce = null,
    bool? EnforceNonce = null,
    IReadOnlyList<DiscordActionRow>? Components = null)
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

/// <param name="Parse">Which kinds of mention in the content may ping; empty: none by kind.</param>
/// <param name="Roles">The roles that may ping, named one by one (only when <paramref name="Parse"/> lacks "roles").</param>
public sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse, IReadOnlyList<string>? Roles = null);
