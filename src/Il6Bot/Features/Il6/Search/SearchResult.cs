namespace Il6Bot.Features.Il6.Search;

/// <summary>Sections ranked best first, and whether the first is a clear enough winner to answer with.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, bool IsConfident)
{
    public static SearchResult None { get; } = new([], false);

    public SearchHit? Best => Hits.Count > 0 ? Hits[0] : null;
}
