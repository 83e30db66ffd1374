using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Rest;

/// <summary>Generates the bulk-overwrite registration body from the engine's platform-free command specs.</summary>
public static class DiscordCommandBuilder
{
    /// <summary>Manage Server, the permission that may see moderator commands by default.</summary>
    public const string ModeratorPermissions = "32";

    /// <summary>Interaction context GUILD: moderator commands make no sense in DMs.</summary>
    public const int GuildContext = 0;

    /// <summary>Text and announcement channels: the only ones a nudge can be posted in.</summary>
    private static readonly int[] PostableChannelTypes = [0, 5];

    public static IReadOnlyList<DiscordApplicationCommand> Build(IEnumerable<CommandSpec> specs) =>
        specs.OrderBy(s => s.Name, StringComparer.Ordinal).Select(Build).ToList();

    public static DiscordApplicationCommand Build(CommandSpec spec)
    {
        var options = spec.Subcommands.Count > 0
            ? spec.Subcommands.Select(sub => new DiscordCommandOption(
                DiscordOptionType.Subcommand,
                Name(sub.Name),
                Description(sub.Description),
                Options: sub.Options.Count > 0 ? Options(sub.Options) : null)).ToList()
            : Options(spec.Options);
        return new DiscordApplicationCommand(
            Name(spec.Name),
            Description(spec.Description),
            Type: 1,
            options.Count > 0 ? options : null,
            spec.ModeratorOnly ? ModeratorPermissions : null,
            spec.ModeratorOnly ? [GuildContext] : null);
    }

    // Discord rejects a required option after an optional one; specs list them in reading order, so sort stably.
    private static List<DiscordCommandOption> Options(IReadOnlyList<OptionSpec> options) =>
        options.OrderBy(o => o.Required ? 0 : 1).Select(o => new DiscordCommandOption(
            o.Kind switch
            {
                OptionKind.Channel => DiscordOptionType.Channel,
                OptionKind.Integer => DiscordOptionType.Integer,
                OptionKind.Mention => DiscordOptionType.Role,
                OptionKind.Boolean => DiscordOptionType.Boolean,
                _ => DiscordOptionType.String,
            },
            Name(o.Name),
            Description(o.Description),
            Required: o.Required ? true : null,
            Autocomplete: o.Autocomplete && o.Kind == OptionKind.String ? true : null,
            ChannelTypes: o.Kind == OptionKind.Channel ? PostableChannelTypes : null,
            MinValue: o.Kind == OptionKind.Integer ? o.MinValue : null)).ToList();

    private static string Name(string name) => name.ToLowerInvariant();

    private static string Description(string description)
    {
        var text = string.IsNullOrWhiteSpace(description) ? "-" : description.Trim();
        return TextCut.Truncate(text, DiscordLimits.Commands.Description, atWord: false);
    }
}
