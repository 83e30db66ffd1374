using System.Text.Json;

namespace Il6Bot.Discord;

/// <summary>The parts of an inbound interaction the bot reads; everything else Discord sends is ignored.</summary>
public sealed record DiscordInteraction(
    string? Id,
    string? ApplicationId,
    int Type,
    DiscordInteractionData? Data,
    string? GuildId,
    string? ChannelId,
    DiscordMember? Member,
    DiscordUser? User,
    string? Token);

public sealed record DiscordInteractionData(string? Id, string? Name, int Type, IReadOnlyList<DiscordInteractionOption>? Options);

/// <remarks><see cref="Value"/> is a JSON string, number or boolean depending on the option type.</remarks>
public sealed record DiscordInteractionOption(
    string Name,
    int Type,
    JsonElement? Value,
    IReadOnlyList<DiscordInteractionOption>? Options,
    bool Focused);

/// <param name="Permissions">The member's computed permissions in the channel, a decimal bitfield string.</param>
public sealed record DiscordMember(DiscordUser? User, string? Permissions);

public sealed record DiscordUser(string Id, string? Username);

/// <summary>Interaction and option type numbers from Discord's documentation.</summary>
public static class DiscordInteractionTypes
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;
    public const int ModalSubmit = 5;
}

public static class DiscordOptionTypes
{
    public const int Subcommand = 1;
    public const int SubcommandGroup = 2;
    public const int String = 3;
    public const int Channel = 7;
}

/// <summary>Interaction callback types.</summary>
public static class DiscordCallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int AutocompleteResult = 8;
}
