using System.Text.Json.Serialization;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;

namespace Il6Bot.Discord;

/// <summary>Source-generated (de)serialisation for every Discord payload: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DiscordInteraction))]
[JsonSerializable(typeof(DiscordInteractionResponse))]
[JsonSerializable(typeof(DiscordAutocompleteResponse))]
[JsonSerializable(typeof(DiscordMessagePayload))]
[JsonSerializable(typeof(IReadOnlyList<DiscordApplicationCommand>))]
[JsonSerializable(typeof(DiscordMessageCreated))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(DiscordCreateDm))]
[JsonSerializable(typeof(DiscordGuild))]
[JsonSerializable(typeof(DiscordGuildMember))]
[JsonSerializable(typeof(DiscordError))]
public sealed partial class DiscordJsonContext : JsonSerializerContext;
