using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Il6Bot.Commands;

/// <summary>
/// The options of a command line that has at most one (<c>/il6 benefits</c>): read like the parser's dictionary
/// (names case-insensitive), at the cost of one small object instead of a hash table on every request.
/// </summary>
internal sealed class SingleOption : IReadOnlyDictionary<string, string>
{
    /// <summary>No option given: the options of any request that has none.</summary>
    public static readonly SingleOption None = new(null, string.Empty);

    private readonly string? _name;
    private readonly string _value;

    public SingleOption(string? name, string value)
    {
        _name = name;
        _value = value;
    }

    public int Count => _name is null ? 0 : 1;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No option '{key}'.");

    public IEnumerable<string> Keys => _name is null ? [] : [_name];

    public IEnumerable<string> Values => _name is null ? [] : [_value];

    public bool ContainsKey(string key) => _name is not null && _name.Equals(key, StringComparison.OrdinalIgnoreCase);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = ContainsKey(key) ? _value : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        if (_name is not null)
        {
            yield return new(_name, _value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
