using System.Text.Json.Serialization;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Interaction callback types (Discord docs, "Receiving and Responding": Interaction Callback Type); on the wire as
/// numbers.
/// </summary>
[JsonConverter(typeof(DiscordNumberEnumConverter<DiscordCallbackType>))]
public enum DiscordCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    AutocompleteResult = 8,
}
