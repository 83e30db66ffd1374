using Il6Bot.Content;

namespace Il6Bot.Features.Il6.Search;

/// <summary>
/// Ranks a snapshot's sections for a free-text query: BM25 over stemmed terms (title words count
/// <see cref="TitleWeight"/> times), a bonus when the query contains a section's id or alias, and typo
/// tolerance by edit distance against the article's own words. Built once per content load and immutable,
/// so concurrent requests share it and none rebuilds anything.
/// </summary>
public sealed partial class SectionIndex
{
    // Answer directly only when the best section matched the query well and clearly beat the runner-up.
    private const double MinConfidentScore = 0.8;
    private const double MinConfidentCoverage = 0.5;
    private const double ConfidentMargin = 1.25;

    // A pasted paragraph is not a topic; capping the words bounds the typo search per request.
    private const int MaxQueryWords = 24;

    private readonly Document[] _documents;
    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, string> _surfaceToStem;
    private readonly string[] _surfaces;
    private readonly double _averageLength;

    private SectionIndex(Document[] documents)
    {
        _documents = documents;
        _averageLength = documents.Length == 0 ? 1 : Math.Max(1, documents.Average(d => d.Length));

        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in documents.SelectMany(d => d.Terms.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        var n = documents.Length;
        _idf = documentFrequency.ToDictionary(
            kv => kv.Key,
            kv => Math.Log(1 + ((n - kv.Value + 0.5) / (kv.Value + 0.5))),
            StringComparer.Ordinal);

        _surfaceToStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var surface in documents.SelectMany(d => d.Surfaces))
        {
            _surfaceToStem.TryAdd(surface, TextAnalyzer.Stem(surface));
        }

        _surfaces = [.. _surfaceToStem.Keys.Order(StringComparer.Ordinal)];
    }

    public static SectionIndex Build(ContentSnapshot snapshot) =>
        new([.. snapshot.AllSections.Select((section, order) => Document.Create(section, order))]);

    /// <summary>Sections matching <paramref name="query"/>, best first; sections with no match are left out.</summary>
    public SearchResult Search(string query) => Search(query, prefixLastWord: false);

    /// <summary>
    /// Autocomplete: the same ranking, with the last (half-typed) word also matching words it begins.
    /// An empty or unmatched <paramref name="partial"/> gives every section in article order.
    /// </summary>
    public IReadOnlyList<ContentSection> Complete(string partial, int limit)
    {
        var typed = partial.Trim();
        var hits = typed.Length == 0 ? [] : Search(typed, prefixLastWord: true).Hits;
        if (hits.Count == 0)
        {
            return [.. _documents.Take(Math.Max(0, limit)).Select(d => d.Section)];
        }

        // Someone typing the start of an id or alias is heading for that topic, whatever the body text says.
        var named = _documents
            .Where(d => d.Names.Any(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            .Select(d => d.Section)
            .ToHashSet();
        return [.. hits
            .OrderByDescending(h => named.Contains(h.Section))
            .Select(h => h.Section)
            .Take(Math.Max(0, limit))];
    }

    private SearchResult Search(string query, bool prefixLastWord)
    {
        var words = TextAnalyzer.Words(query);
        if (words.Count > MaxQueryWords)
        {
            words = prefixLastWord ? words[^MaxQueryWords..] : words[..MaxQueryWords];
        }

        if (words.Count == 0 || _documents.Length == 0)
        {
            return SearchResult.None;
        }

        var tokens = new QueryToken[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            tokens[i] = Expand(words[i], prefixLastWord && i == words.Count - 1);
        }

        // Coverage is judged on the meaningful words, unless the query is nothing but question words.
        var counted = tokens.Any(t => !t.IsStopWord) ? tokens.Count(t => !t.IsStopWord) : tokens.Length;
        var hits = new List<(SearchHit Hit, int Order)>();
        foreach (var document in _documents)
        {
            var (score, covered) = Score(document, tokens);
            if (score > 0)
            {
                hits.Add((new SearchHit(document.Section, score, (double)covered / counted), document.Order));
            }
        }

        var ranked = hits
            .OrderByDescending(h => h.Hit.Score)
            .ThenBy(h => h.Order)
            .Select(h => h.Hit)
            .ToList();
        return new SearchResult(ranked, IsConfident(ranked));
    }

    private static bool IsConfident(List<SearchHit> ranked)
    {
        if (ranked.Count == 0)
        {
            return false;
        }

        var best = ranked[0];
        return best.Score >= MinConfidentScore
            && best.Coverage >= MinConfidentCoverage
            && (ranked.Count == 1 || best.Score >= ranked[1].Score * ConfidentMargin);
    }
}
