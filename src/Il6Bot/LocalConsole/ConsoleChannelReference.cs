namespace Il6Bot.LocalConsole;

/// <summary>
/// Turns a channel typed at the console into the bare name the core stores. The console has no channel list, so
/// <c>#general</c>, <c>general</c> and a pasted mention <c>&lt;#general&gt;</c> or <c>&lt;#C123|general&gt;</c>
/// all name a channel; any other text is passed on as the name and checked by the core like any id.
/// </summary>
public static class ConsoleChannelReference
{
    public static string Normalize(string typed)
    {
        var value = typed.Trim().TrimStart('#');
        if (value.StartsWith("<#", StringComparison.Ordinal) && value.EndsWith('>'))
        {
            var inner = value.AsSpan(2, value.Length - 3);
            var bar = inner.IndexOf('|');
            value = (bar < 0 ? inner : inner[..bar]).ToString();
        }

        return value.TrimStart('#');
    }
}
