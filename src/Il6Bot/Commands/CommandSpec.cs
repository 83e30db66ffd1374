namespace Il6Bot.Commands;

/// <summary>
/// Declares a command once; Discord registration JSON, Slack usage text, help and the text parser are all
/// derived from it.
/// </summary>
/// <param name="ReadOnly">The answer depends only on the content and the request and the command changes nothing,
/// so a copy of a request can simply be handled again: it gets the same answer and repeats no side effect.</param>
/// <param name="DefaultSubcommand">What a bare command line means on text platforms (<c>/insights</c> is
/// <c>/insights show</c>); Discord always names a subcommand.</param>
public sealed record CommandSpec(
    string Name,
    string Description,
    IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<SubcommandSpec> Subcommands,
    bool ModeratorOnly = false,
    bool ReadOnly = false,
    string? DefaultSubcommand = null);

public sealed record SubcommandSpec(string Name, string Description, IReadOnlyList<OptionSpec> Options);

/// <param name="Rest">Takes the rest of a text command line (e.g. a free-text topic); only the last option.</param>
/// <param name="MinValue">The smallest value an <see cref="OptionKind.Integer"/> option accepts (platforms with
/// typed options enforce it as the user types; the handler still checks).</param>
public sealed record OptionSpec(
    string Name,
    string Description,
    OptionKind Kind = OptionKind.String,
    bool Required = false,
    bool Autocomplete = false,
    bool Rest = false,
    int? MinValue = null);

public enum OptionKind
{
    String,
    Channel,

    /// <summary>A whole number; on text platforms a bare number fills it wherever it is typed.</summary>
    Integer,

    /// <summary>
    /// Whom to ping: Discord's role picker; on text platforms the platform's mention mark-up. Adapters hand the core
    /// the neutral form of <see cref="MentionOption"/>, never mark-up.
    /// </summary>
    Mention,

    /// <summary>Yes or no: Discord's boolean option; on text platforms the option's own name (<c>undo</c>) or true/false.</summary>
    Boolean,
}

/// <summary>
/// The neutral values a <see cref="OptionKind.Mention"/> option reaches the core as, whatever the platform's mark-up:
/// <c>group:ID</c> (a Discord role, a Slack user group), <c>here</c>, <c>everyone</c>, <c>channel</c>, or <c>none</c>
/// (take the mention off).
/// </summary>
public static class MentionOption
{
    public const string Everyone = "everyone";
    public const string Channel = "channel";
    public const string None = "none";
}
