using System.Globalization;

namespace Il6Bot.Bench;

/// <summary><c>--name value</c> pairs after the mode word.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public Options(IEnumerable<string> args)
    {
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (key is not null)
                {
                    _values[key] = "true";
                }

                key = arg[2..];
                var eq = key.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _values[key[..eq]] = key[(eq + 1)..];
                    key = null;
                }
            }
            else if (key is not null)
            {
                _values[key] = arg;
                key = null;
            }
        }

        if (key is not null)
        {
            _values[key] = "true";
        }
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => Get(name) is { } v && !v.Equals("false", StringComparison.OrdinalIgnoreCase);
}
