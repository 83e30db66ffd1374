using System.Globalization;
using System.Numerics;
using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Interactions;

/// <summary>Translating a command interaction into the neutral request: options, subcommands, who may moderate.</summary>
public sealed partial class DiscordInteractionHandler
{
    /// <summary>Administrator (1 &lt;&lt; 3) or Manage Server (1 &lt;&lt; 5) make a member a moderator.</summary>
    private const ulong ModeratorMask = (1UL << 3) | (1UL << 5);

    private static readonly BigInteger ModeratorBits = ModeratorMask;

    /// <summary>Builds the neutral request from a command interaction (public for the Gateway's tests).</summary>
    public static CommandRequest ToCommandRequest(DiscordInteraction interaction)
    {
        var userId = interaction.Member?.User?.Id ?? interaction.User?.Id ?? string.Empty;
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? subcommand = null;
        var list = interaction.Data?.Options ?? [];

        // Subcommands arrive as a type 1 option holding the real options (inside a type 2 group, if any).
        while (list.Count == 1 && list[0].Type is DiscordOptionType.Subcommand or DiscordOptionType.SubcommandGroup)
        {
            subcommand = subcommand is null ? list[0].Name : subcommand + " " + list[0].Name;
            list = list[0].Options ?? [];
        }

        foreach (var option in list)
        {
            if (OptionText(option) is { } text)
            {
                options[option.Name] = option.Type == DiscordOptionType.Role ? NeutralMention(text, interaction.GuildId) : text;
            }
        }

        return new CommandRequest(
            Platform.Discord,
            interaction.GuildId ?? "dm:" + userId,
            interaction.ChannelId ?? string.Empty,
            userId,
            IsModerator(interaction),
            interaction.Data?.Name ?? string.Empty,
            subcommand,
            options,
            string.IsNullOrEmpty(interaction.Id) ? null : interaction.Id)
        {
            Transport = interaction.Transport,
        };
    }

    public static bool IsModerator(DiscordInteraction interaction)
    {
        if (interaction.GuildId is null || interaction.Member?.Permissions is not { } text)
        {
            return false;
        }

        // Today's permission bits fit in 64; the field is an arbitrary-size bitfield, so larger values still parse.
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            ? (bits & ModeratorMask) != 0
            : BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var permissions)
                && (permissions & ModeratorBits) != BigInteger.Zero;
    }


    /// <summary>
    /// A picked role as the core's neutral mention: the guild's own id is its <c>@everyone</c> role, which the core
    /// refuses like any ping of everyone; any other role is a group.
    /// </summary>
    private static string NeutralMention(string roleId, string? guildId) =>
        roleId == guildId ? MentionOption.Everyone : Messages.MentionTarget.GroupPrefix + roleId;

    private static string? OptionText(DiscordInteractionOption option) => option.Value?.Text;
}
