using Il6Bot.Messages;

namespace Il6Bot.Commands;

/// <summary>
/// Parses the text after a slash command (Slack, console) into subcommand + options using the spec, so
/// text platforms accept exactly what Discord's structured options accept.
/// </summary>
public static class CommandTextParser
{
    /// <summary>
    /// Parses, then turns each channel option's text into the channel id the core stores with the adapter's own
    /// reader of its channel mark-up, so every text platform builds its request the same way.
    /// </summary>
    public static CommandTextParseResult Parse(CommandSpec spec, string text, ChannelReader readChannel) =>
        Parse(spec, text, readChannel, NoMentions);

    /// <summary>As above, reading mention options (<see cref="OptionKind.Mention"/>) with the adapter's <paramref name="readMention"/>.</summary>
    public static CommandTextParseResult Parse(CommandSpec spec, string text, ChannelReader readChannel, ChannelReader readMention)
    {
        var parsed = Parse(spec, text);
        if (parsed.Error is not null)
        {
            return parsed;
        }

        var optionSpecs = parsed.Subcommand is null
            ? spec.Options
            : spec.Subcommands.First(s => s.Name.Equals(parsed.Subcommand, StringComparison.OrdinalIgnoreCase)).Options;

        // The parsed options are returned as they are unless a channel option needs rewriting (only then copied).
        Dictionary<string, string>? rewritten = null;
        foreach (var option in optionSpecs)
        {
            if (option.Kind is not (OptionKind.Channel or OptionKind.Mention) || !parsed.Options.TryGetValue(option.Name, out var value))
            {
                continue;
            }

            var read = option.Kind == OptionKind.Channel ? readChannel : readMention;
            if (read(value, out var problem) is not { } channelId)
            {
                return CommandTextParseResult.Fail(problem ?? $"`{option.Name}` is not a {(option.Kind == OptionKind.Channel ? "channel" : "mention")}.");
            }

            rewritten ??= new Dictionary<string, string>(parsed.Options, StringComparer.OrdinalIgnoreCase);
            rewritten[option.Name] = channelId;
        }

        return rewritten is null ? parsed : parsed with { Options = rewritten };
    }

    /// <returns>The request pieces, or an error message saying what to type.</returns>
    public static CommandTextParseResult Parse(CommandSpec spec, string text) =>
        spec is { Subcommands.Count: 0, Options: [{ Rest: true, Kind: OptionKind.String } only] }
            ? ParseFreeText(spec, only, text)
            : ParseTokens(spec, text);

    /// <summary>
    /// A command whose one option takes the whole line (<c>/il6 [topic]</c>, on every request's path): the words
    /// joined by single spaces, as <see cref="ParseTokens"/> makes them, without splitting them into tokens first
    /// (and without a copy when the line is already that).
    /// </summary>
    private static CommandTextParseResult ParseFreeText(CommandSpec spec, OptionSpec option, string text)
    {
        var words = WhitespaceCollapsed(text);
        if (words.Length > 0)
        {
            return new CommandTextParseResult(null, new SingleOption(option.Name, words), null);
        }

        return option.Required
            ? CommandTextParseResult.Fail($"Missing `{option.Name}`. Usage: {Usage(spec)}")
            : new CommandTextParseResult(null, SingleOption.None, null);
    }

    /// <summary>The words of <paramref name="text"/> (split at any white space) joined by single spaces.</summary>
    internal static string WhitespaceCollapsed(string text)
    {
        var previousWasSpace = true;
        var collapsed = true;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && (previousWasSpace || c != ' '))
            {
                collapsed = false;
                break;
            }

            previousWasSpace = isSpace;
        }

        if (collapsed && !previousWasSpace)
        {
            return text;
        }

        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The general parser: tokens, then subcommand, named and positional options (internal for a test that holds the free-text path to it).</summary>
    internal static CommandTextParseResult ParseTokens(CommandSpec spec, string text)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? subcommand = null;
        IReadOnlyList<OptionSpec> options = spec.Options;
        var index = 0;

        if (spec.Subcommands.Count > 0)
        {
            if (tokens.Length == 0 && spec.DefaultSubcommand is null)
            {
                return CommandTextParseResult.Fail($"Usage: {Usage(spec)}");
            }

            var subName = tokens.Length == 0 ? spec.DefaultSubcommand! : tokens[0];
            var sub = spec.Subcommands.FirstOrDefault(s => s.Name.Equals(subName, StringComparison.OrdinalIgnoreCase));
            if (sub is null)
            {
                return CommandTextParseResult.Fail($"{EchoedInput.Code($"/{spec.Name} {tokens[0]}")} is not a subcommand. Usage: {Usage(spec)}");
            }

            subcommand = sub.Name;
            options = sub.Options;
            index = 1;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (; index < tokens.Length; index++)
        {
            var token = tokens[index];
            if (Named(options, token) is var (named, value))
            {
                if (value.Length == 0 || !values.TryAdd(named.Name, value))
                {
                    var problem = value.Length == 0 ? $"`{named.Name}` needs a value" : $"`{named.Name}` is given twice";
                    return CommandTextParseResult.Fail($"{problem}. Usage: {Usage(spec, subcommand)}");
                }

                continue;
            }

            var option = Positional(options, values, token);
            if (option is null)
            {
                return CommandTextParseResult.Fail($"Too many values. Usage: {Usage(spec, subcommand)}");
            }

            if (option.Rest)
            {
                values[option.Name] = string.Join(' ', tokens, index, tokens.Length - index);
                break;
            }

            values[option.Name] = token;
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

    /// <summary><c>name=value</c> (or <c>name:value</c>, as Discord shows options) for an option of this command.</summary>
    private static (OptionSpec Option, string Value)? Named(IReadOnlyList<OptionSpec> options, string token)
    {
        var separator = token.IndexOfAny(['=', ':']);
        if (separator <= 0)
        {
            return null;
        }

        var name = token.AsSpan(0, separator);
        foreach (var option in options)
        {
            if (!option.Rest && name.Equals(option.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (option, token[(separator + 1)..]);
            }
        }

        return null;
    }

    /// <summary>
    /// The option a bare value fills: a whole number goes to the first number option still open, anything else to
    /// the first open option in order, passing over optional number options (so <c>list 2</c> and
    /// <c>list #general 2</c> both mean page 2).
    /// </summary>
    private static OptionSpec? Positional(IReadOnlyList<OptionSpec> options, Dictionary<string, string> values, string token)
    {
        var isNumber = IsWholeNumber(token);
        if (isNumber && options.FirstOrDefault(o => o.Kind == OptionKind.Integer && !values.ContainsKey(o.Name)) is { } number)
        {
            return number;
        }

        return options.FirstOrDefault(o => !values.ContainsKey(o.Name) && (o.Kind != OptionKind.Integer || o.Required || isNumber));
    }

    private static bool IsWholeNumber(string token)
    {
        var digits = token.AsSpan(token.Length > 1 && token[0] is '+' or '-' ? 1 : 0);
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static string? NoMentions(string typed, out string? problem)
    {
        problem = "Mentions cannot be typed here.";
        return null;
    }

    private static string OptionList(IReadOnlyList<OptionSpec> options) =>
        string.Concat(options.Select(o => o.Required ? $" {o.Name}" : $" [{o.Name}]"));
}

/// <summary>An adapter's reading of a channel (or a mention) as typed: its mark-up, a name, an id.</summary>
/// <returns>The channel id (the neutral mention, see <see cref="MentionOption"/>), or null with <paramref name="problem"/>
/// saying what to type instead.</returns>
public delegate string? ChannelReader(string typed, out string? problem);

public sealed record CommandTextParseResult(
    string? Subcommand,
    IReadOnlyDictionary<string, string> Options,
    string? Error)
{
    public static CommandTextParseResult Fail(string error) =>
        new(null, SingleOption.None, error);
}
