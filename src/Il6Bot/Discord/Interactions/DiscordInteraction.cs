using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Il6Bot.Commands;
using Il6Bot.Discord.Rendering;

namespace Il6Bot.Discord.Interactions;

/// <summary>The parts of an inbound interaction the bot reads; everything else Discord sends is ignored.</summary>
/// <remarks>
/// Inbound models have settable properties, neither constructor parameters nor <c>init</c>: System.Text.Json fills
/// those with its plain object converter, while both of the others go through its parameterized-constructor path
/// (an argument array and boxed values, "large" beyond four members), which was the bulk of the bot's own
/// per-interaction work. Nothing writes them after deserialization, except <see cref="Transport"/>, which is not JSON.
/// </remarks>
public sealed record DiscordInteraction
{
    public string? Id { get; set; }

    public string? ApplicationId { get; set; }

    public DiscordInteractionType Type { get; set; }

    public DiscordInteractionData? Data { get; set; }

    public string? GuildId { get; set; }

    public string? ChannelId { get; set; }

    public DiscordMember? Member { get; set; }

    public DiscordUser? User { get; set; }

    public string? Token { get; set; }

    /// <summary>For a component click (type 3), the message the clicked button sits on.</summary>
    public DiscordComponentMessage? Message { get; set; }

    /// <summary>How the interaction arrived (HTTP unless the Gateway says otherwise); not JSON, labels the metrics.</summary>
    [JsonIgnore]
    public Commands.CommandTransport Transport { get; set; }

    /// <summary>
    /// Why this cannot be an interaction Discord sent, or null. JSON <c>null</c> deserializes into list elements
    /// and non-nullable strings alike, and everything downstream relies on options and their names being there.
    /// </summary>
    public string? ShapeProblem() => Data?.Options is { } options ? OptionsProblem(options) : null;

    private static string? OptionsProblem(IReadOnlyList<DiscordInteractionOption?> options)
    {
        foreach (var option in options)
        {
            if (option is null)
            {
                return "an option is null.";
            }

            if (option.Name is null)
            {
                return "an option has no name.";
            }

            if (option.Options is { } nested && OptionsProblem(nested) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}

public sealed record DiscordInteractionData
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public int Type { get; set; }

    public IReadOnlyList<DiscordInteractionOption>? Options { get; set; }

    /// <summary>A component click's <c>custom_id</c> (the button id the bot gave the button).</summary>
    public string? CustomId { get; set; }

    public int ComponentType { get; set; }
}

public sealed record DiscordComponentMessage
{
    public string? Id { get; set; }

    /// <summary>Message flags; <see cref="Rendering.DiscordMessagePayload.EphemeralFlag"/> marks a private message.</summary>
    public long Flags { get; set; }
}

public sealed record DiscordInteractionOption
{
    public string Name { get; set; } = string.Empty;

    public DiscordOptionType Type { get; set; }

    /// <summary>A string, number or boolean depending on the option type; absent for subcommands.</summary>
    public DiscordOptionValue? Value { get; set; }

    public IReadOnlyList<DiscordInteractionOption>? Options { get; set; }

    public bool Focused { get; set; }
}

public sealed record DiscordMember
{
    public DiscordUser? User { get; set; }

    /// <summary>The member's computed permissions in the channel, a decimal bitfield string.</summary>
    public string? Permissions { get; set; }
}

public sealed record DiscordUser
{
    public string Id { get; set; } = string.Empty;

    public string? Username { get; set; }
}

/// <summary>
/// An option's scalar value as text: a string as sent, a number as its JSON digits, a boolean as <c>true</c> or
/// <c>false</c>; <see cref="Text"/> is null for anything else. Read straight off the JSON reader: a
/// <see cref="JsonElement"/> would build a whole document for one scalar.
/// </summary>
[JsonConverter(typeof(DiscordOptionValueConverter))]
public readonly record struct DiscordOptionValue(string? Text);

internal sealed class DiscordOptionValueConverter : JsonConverter<DiscordOptionValue>
{
    public override DiscordOptionValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new DiscordOptionValue(reader.GetString());
            case JsonTokenType.Number:
                return new DiscordOptionValue(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
            case JsonTokenType.True:
                return new DiscordOptionValue("true");
            case JsonTokenType.False:
                return new DiscordOptionValue("false");
            default:
                reader.Skip();
                return default;
        }
    }

    public override void Write(Utf8JsonWriter writer, DiscordOptionValue value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Text);
}
