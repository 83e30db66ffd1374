using Il6Bot.Discord.Interactions;

namespace Il6Bot.Discord.Rest;

/// <summary>One entry of the bulk-overwrite body for <c>PUT /applications/{app}/commands</c>.</summary>
public sealed record DiscordApplicationCommand(
    string Name,
    string Description,
    int Type,
    IReadOnlyList<DiscordCommandOption>? Options,
    string? DefaultMemberPermissions,
    IReadOnlyList<int>? Contexts);

public sealed record DiscordCommandOption(
    DiscordOptionType Type,
    string Name,
    string Description,
    bool? Required = null,
    bool? Autocomplete = null,
    IReadOnlyList<DiscordCommandOption>? Options = null,
    IReadOnlyList<int>? ChannelTypes = null,
    int? MinValue = null);
