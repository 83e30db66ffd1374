namespace Il6Bot.Content;

/// <summary>
/// Everything loaded from the content folder at one moment, immutable. A reload builds a new snapshot and
/// swaps it in whole, so a request sees either the old content or the new, never a mix.
/// </summary>
public sealed class ContentSnapshot
{
    private readonly Dictionary<string, ContentSection> _byKey;

    // Looks keys up by a slice of the typed text, so trimming it allocates nothing.
    private readonly Dictionary<string, ContentSection>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public ContentSnapshot(
        string title,
        string summary,
        IReadOnlyList<ContentSection> topics,
        IReadOnlyList<NudgeText> nudges,
        DateTimeOffset loadedAt)
    {
        Title = title;
        Summary = summary;
        Topics = topics;
        Nudges = nudges;
        LoadedAt = loadedAt;
        _byKey = new Dictionary<string, ContentSection>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in AllSections)
        {
            _byKey.TryAdd(section.Id, section);
        }

        foreach (var section in AllSections)
        {
            foreach (var alias in section.Aliases)
            {
                _byKey.TryAdd(alias, section);
            }
        }

        _bySpan = _byKey.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Article title (the document's first heading).</summary>
    public string Title { get; }

    /// <summary>One-line summary shown with the overview.</summary>
    public string Summary { get; }

    /// <summary>The top-level topics in article order; sub-sections hang below them.</summary>
    public IReadOnlyList<ContentSection> Topics { get; }

    public IReadOnlyList<NudgeText> Nudges { get; }

    public DateTimeOffset LoadedAt { get; }

    public IEnumerable<ContentSection> AllSections => Topics.SelectMany(t => t.SelfAndDescendants());

    /// <summary>
    /// Finds a section by id or alias, case-insensitively, also when typed as a question or quoted
    /// (<c>how?</c>, <c>"why"</c>, <c>“what is”</c>): punctuation around the key is not part of it.
    /// </summary>
    public ContentSection? Find(string idOrAlias)
    {
        var key = idOrAlias.AsSpan().Trim();
        if (_bySpan.TryGetValue(key, out var section))
        {
            return section;
        }

        // Only after the exact key missed, so a key that itself ends in a mark is still found as written.
        var bare = TopicKey.WithoutMarks(key);
        return bare.Length != key.Length && _bySpan.TryGetValue(bare, out section) ? section : null;
    }
}
