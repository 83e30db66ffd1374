using Il6Bot.Commands;

namespace Il6Bot.Observability;

/// <summary>
/// Attribute names and values of the bot's instruments. Every value is one of a fixed set (an enum's name, a
/// command's registered name), never text from a request: no user text, no ids of people, no tokens, and a
/// bounded number of series.
/// </summary>
internal static class MetricTags
{
    public const string Platform = "platform";
    public const string Transport = "transport";
    public const string Command = "command";
    public const string Outcome = "outcome";
    public const string Result = "result";
    public const string State = "state";

    public static readonly Platform[] Platforms = Enum.GetValues<Platform>();

    public static readonly CommandTransport[] Transports = Enum.GetValues<CommandTransport>();

    public static readonly CommandOutcome[] CommandOutcomes = Enum.GetValues<CommandOutcome>();

    /// <summary>e.g. <c>socket_mode</c> for <c>SocketMode</c>: the Prometheus and OpenTelemetry spelling of a name.</summary>
    public static string SnakeCase<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>One attribute list per value of <typeparamref name="TEnum"/>, indexed by the value.</summary>
    public static KeyValuePair<string, object?>[][] PerValue<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var lists = new KeyValuePair<string, object?>[values.Length][];
        foreach (var value in values)
        {
            lists[Index(value)] = [new(name, SnakeCase(value))];
        }

        return lists;
    }

    /// <summary>One attribute list per (platform, value of <typeparamref name="TEnum"/>).</summary>
    public static KeyValuePair<string, object?>[][][] PerPlatformAnd<TEnum>(string name)
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var lists = new KeyValuePair<string, object?>[Platforms.Length][][];
        foreach (var platform in Platforms)
        {
            var row = lists[Index(platform)] = new KeyValuePair<string, object?>[values.Length][];
            foreach (var value in values)
            {
                row[Index(value)] = [new(Platform, SnakeCase(platform)), new(name, SnakeCase(value))];
            }
        }

        return lists;
    }

    /// <summary>One attribute list per platform.</summary>
    public static KeyValuePair<string, object?>[][] PerPlatform()
    {
        var lists = new KeyValuePair<string, object?>[Platforms.Length][];
        foreach (var platform in Platforms)
        {
            lists[Index(platform)] = [new(Platform, SnakeCase(platform))];
        }

        return lists;
    }

    /// <summary>The bot's enums are numbered 0, 1, 2, … in declaration order, so a value is its own index.</summary>
    public static int Index<TEnum>(TEnum value)
        where TEnum : struct, Enum => System.Runtime.CompilerServices.Unsafe.As<TEnum, int>(ref value);
}
