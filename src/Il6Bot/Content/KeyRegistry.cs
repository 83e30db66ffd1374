namespace Il6Bot.Content;

/// <summary>
/// Keys that must be unique case-insensitively (topic ids and aliases share one namespace because that is
/// how <see cref="ContentSnapshot.Find"/> looks them up); a clash is an error naming both places.
/// </summary>
internal sealed class KeyRegistry
{
    private readonly Dictionary<string, (SourceLocation Location, string What)> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string key, SourceLocation location, string what)
    {
        if (_seen.TryGetValue(key, out var first))
        {
            throw new ContentException(location, $"duplicate {what}: already used as {first.What} at {first.Location}");
        }

        _seen.Add(key, (location, what));
    }
}
