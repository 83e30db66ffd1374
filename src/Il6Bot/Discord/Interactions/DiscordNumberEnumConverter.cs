using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Discord's type numbers as the enums that name them, read as the <c>int</c>s they once were: a JSON number or, as
/// <see cref="DiscordJsonContext"/> reads every number (<c>AllowReadingFromString</c>), a number in a string, which
/// the built-in enum converter refuses. A number the enum does not name still reads, for the handler's "not served"
/// answer; anything else is malformed JSON (400). Written as a number, as Discord expects.
/// </summary>
public sealed class DiscordNumberEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    // Reads and writes reinterpret the enum as an int: fail at the first use, not with a wrong number, if one is not.
    static DiscordNumberEnumConverter()
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name} must be int-backed to be read as a Discord type number.");
        }
    }

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if ((reader.TokenType is JsonTokenType.Number && reader.TryGetInt32(out var number))
            || (reader.TokenType is JsonTokenType.String
                && int.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)))
        {
            return Unsafe.As<int, TEnum>(ref number);
        }

        throw new JsonException($"{typeof(TEnum).Name} must be a 32-bit integer.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Unsafe.As<TEnum, int>(ref value));
}
