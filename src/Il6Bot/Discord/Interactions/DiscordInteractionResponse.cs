using Il6Bot.Discord.Rendering;

namespace Il6Bot.Discord.Interactions;

/// <summary>Interaction callback body: PONG, a message (type 4) or a deferral (type 5).</summary>
public sealed record DiscordInteractionResponse(DiscordCallbackType Type, DiscordMessagePayload? Data = null);

/// <summary>Interaction callback body for autocomplete (type 8).</summary>
public sealed record DiscordAutocompleteResponse(DiscordCallbackType Type, DiscordAutocompleteData Data);

public sealed record DiscordAutocompleteData(IReadOnlyList<DiscordChoice> Choices);

public sealed record DiscordChoice(string Name, string Value);
