using System.Text.Json.Serialization;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Interaction types (Discord docs, "Receiving and Responding": Interaction Type); on the wire as numbers. A number
/// not listed here still parses, and the handler answers it as an interaction it does not serve.
/// </summary>
[JsonConverter(typeof(DiscordNumberEnumConverter<DiscordInteractionType>))]
public enum DiscordInteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}
