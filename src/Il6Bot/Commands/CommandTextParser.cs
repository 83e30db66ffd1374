using Il6Bot.Messages;

namespace Il6Bot.Commands;

/// <summary>
/// Parses the text after a slash command (Slack, console) into subcommand + options using the spec, so
/// text platforms accept exactly what Discord's structured options accept.
/// </summary>
public static class CommandTextParser
{
    /// <returns>The request pieces, or an error message saying what to type.</returns>
    public static CommandTextParseResult Parse(CommandSpec spec, string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? subcommand = null;
        IReadOnlyList<OptionSpec> options = spec.Options;
        var index = 0;

        if (spec.Subcommands.Count > 0)
        {
            if (tokens.Length == 0)
            {
                return CommandTextParseResult.Fail($"Usage: {Usage(spec)}");
            }

            var sub = spec.Subcommands.FirstOrDefault(s => s.Name.Equals(tokens[0], StringComparison.OrdinalIgnoreCase));
            if (sub is null)
            {
                return CommandTextParseResult.Fail($"{EchoedInput.Code($"/{spec.Name} {tokens[0]}")} is not a subcommand. Usage: {Usage(spec)}");
            }

            subcommand = sub.Name;
            options = sub.Options;
            index = 1;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            if (index >= tokens.Length)
            {
                break;
            }

            values[option.Name] = option.Rest && index < tokens.Length - 1
                ? string.Join(' ', tokens, index, tokens.Length - index)
                : tokens[index];
            index = option.Rest ? tokens.Length : index + 1;
        }

        if (index < tokens.Length)
        {
            return CommandTextParseResult.Fail($"Too many values. Usage: {Usage(spec, subcommand)}");
        }

        var missing = options.FirstOrDefault(o => o.Required && !values.ContainsKey(o.Name));
        if (missing is not null)
        {
            return CommandTextParseResult.Fail($"Missing `{missing.Name}`. Usage: {Usage(spec, subcommand)}");
        }

        return new CommandTextParseResult(subcommand, values, null);
    }

    /// <summary>Usage line(s) such as <c>/nudge schedule channel day time [timezone]</c>.</summary>
    public static string Usage(CommandSpec spec, string? subcommand = null)
    {
        if (spec.Subcommands.Count == 0)
        {
            return $"`/{spec.Name}{OptionList(spec.Options)}`";
        }

        var subs = spec.Subcommands.Where(s => subcommand is null || s.Name.Equals(subcommand, StringComparison.OrdinalIgnoreCase));
        return string.Join(", ", subs.Select(s => $"`/{spec.Name} {s.Name}{OptionList(s.Options)}`"));
    }

    private static string OptionList(IReadOnlyList<OptionSpec> options) =>
        string.Concat(options.Select(o => o.Required ? $" {o.Name}" : $" [{o.Name}]"));
}

public sealed record CommandTextParseResult(
    string? Subcommand,
    IReadOnlyDictionary<string, string> Options,
    string? Error)
{
    public static CommandTextParseResult Fail(string error) =>
        new(null, new Dictionary<string, string>(), error);
}
