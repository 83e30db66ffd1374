using System.Text.Json.Serialization;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Application command option types (Discord docs, "Application Commands": Application Command Option Type); on the
/// wire as numbers, the same in a registration body and in the options of an interaction.
/// </summary>
[JsonConverter(typeof(DiscordNumberEnumConverter<DiscordOptionType>))]
public enum DiscordOptionType
{
    Subcommand = 1,
    SubcommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    Channel = 7,

    /// <summary>The role picker: its value is the role's id (the guild's id for <c>@everyone</c>).</summary>
    Role = 8,
}
