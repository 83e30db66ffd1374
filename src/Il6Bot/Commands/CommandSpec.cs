namespace Il6Bot.Commands;

/// <summary>
/// Declares a command once; Discord registration JSON, Slack usage text, help and the text parser are all
/// derived from it.
/// </summary>
public sealed record CommandSpec(
    string Name,
    string Description,
    IReadOnlyList<OptionSpec> Options,
    IReadOnlyList<SubcommandSpec> Subcommands,
    bool ModeratorOnly = false);

public sealed record SubcommandSpec(string Name, string Description, IReadOnlyList<OptionSpec> Options);

/// <param name="Rest">Takes the rest of a text command line (e.g. a free-text topic); only the last option.</param>
public sealed record OptionSpec(
    string Name,
    string Description,
    OptionKind Kind = OptionKind.String,
    bool Required = false,
    bool Autocomplete = false,
    bool Rest = false);

public enum OptionKind
{
    String,
    Channel,
}
