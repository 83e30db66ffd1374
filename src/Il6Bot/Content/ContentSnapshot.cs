namespace Il6Bot.Content;

/// <summary>
/// Everything loaded from the content folder at one moment, immutable. A reload builds a new snapshot and
/// swaps it in whole, so a request sees either the old content or the new, never a mix.
/// </summary>
public sealed class ContentSnapshot
{
    private readonly Dictionary<string, ContentSection> _byKey;

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

    /// <summary>Finds a section by id or alias, case-insensitively.</summary>
    public ContentSection? Find(string idOrAlias) =>
        _byKey.TryGetValue(idOrAlias.Trim(), out var section) ? section : null;
}
