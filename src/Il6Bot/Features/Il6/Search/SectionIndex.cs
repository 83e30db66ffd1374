using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Features.Il6.Search;

/// <summary>
/// Ranks a snapshot's sections for a free-text query: BM25 over stemmed terms (title words count
/// <see cref="TitleWeight"/> times), a bonus when the query contains a section's id or alias, and typo
/// tolerance by edit distance against the article's own words. Built once per content load and immutable,
/// so concurrent requests share it and none rebuilds anything.
/// </summary>
public sealed class SectionIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double TitleWeight = 3;

    // An alias names a topic outright, so one alias word outweighs several body words.
    private const double AliasWordBonus = 2.5;

    // Question words in aliases ("what is", "how") still point somewhere, but weakly.
    private const double AliasStopWordBonus = 0.5;

    private const double FuzzyWeightDistance1 = 0.8;
    private const double FuzzyWeightDistance2 = 0.6;
    private const double PrefixWeight = 0.9;

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

    private (double Score, int Covered) Score(Document document, QueryToken[] tokens)
    {
        var allStop = tokens.All(t => t.IsStopWord);
        var covered = new bool[tokens.Length];
        var score = 0.0;

        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].IsStopWord)
            {
                continue;
            }

            var best = 0.0;
            foreach (var (stem, weight) in tokens[i].Alternatives)
            {
                best = Math.Max(best, weight * Bm25(document, stem));
            }

            score += best;
            covered[i] = best > 0;
        }

        foreach (var phrase in document.Phrases)
        {
            score += PhraseBonus(phrase, tokens, covered);
        }

        var count = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (covered[i] && (allStop || !tokens[i].IsStopWord))
            {
                count++;
            }
        }

        return (score, count);
    }

    private double Bm25(Document document, string stem)
    {
        if (!document.Terms.TryGetValue(stem, out var tf))
        {
            return 0;
        }

        var norm = K1 * (1 - B + (B * document.Length / _averageLength));
        return _idf[stem] * tf * (K1 + 1) / (tf + norm);
    }

    /// <summary>The bonus for an id or alias appearing as consecutive words of the query (first occurrence).</summary>
    private static double PhraseBonus(Phrase phrase, QueryToken[] tokens, bool[] covered)
    {
        for (var start = 0; start + phrase.Stems.Length <= tokens.Length; start++)
        {
            var weight = 1.0;
            var bonus = 0.0;
            var matched = true;
            for (var i = 0; i < phrase.Stems.Length && matched; i++)
            {
                var alternative = tokens[start + i].Weight(phrase.Stems[i]);
                matched = alternative > 0;
                weight = Math.Min(weight, alternative);
                bonus += TextAnalyzer.IsStopWord(phrase.Words[i]) ? AliasStopWordBonus : AliasWordBonus;
            }

            if (matched)
            {
                for (var i = 0; i < phrase.Stems.Length; i++)
                {
                    covered[start + i] = true;
                }

                return bonus * weight;
            }
        }

        return 0;
    }

    private QueryToken Expand(string word, bool prefix)
    {
        var stem = TextAnalyzer.Stem(word);

        // A half-typed last word is no question word yet: "i" may become "illness".
        var isStop = !prefix && TextAnalyzer.IsStopWord(word);
        var alternatives = new Dictionary<string, double>(StringComparer.Ordinal) { [stem] = 1 };
        if (prefix)
        {
            foreach (var surface in _surfaces)
            {
                if (surface.StartsWith(word, StringComparison.Ordinal))
                {
                    Add(alternatives, _surfaceToStem[surface], PrefixWeight);
                }
            }
        }

        if (!isStop && !_idf.ContainsKey(stem))
        {
            AddFuzzy(alternatives, word, stem);
        }

        return new QueryToken(isStop, alternatives);
    }

    /// <summary>The article's words (or their stems) nearest to a word it does not contain, within a typo budget.</summary>
    private void AddFuzzy(Dictionary<string, double> alternatives, string word, string stem)
    {
        var max = word.Length switch
        {
            <= 3 => 0,
            <= 6 => 1,
            _ => 2,
        };
        if (max == 0)
        {
            return;
        }

        var bestDistance = max + 1;
        var candidates = new List<string>();
        foreach (var surface in _surfaces)
        {
            var termStem = _surfaceToStem[surface];
            var distance = Math.Min(EditDistance.Osa(word, surface, max), EditDistance.Osa(stem, termStem, max));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                candidates.Clear();
            }

            if (distance == bestDistance && distance <= max)
            {
                candidates.Add(termStem);
            }
        }

        var weight = bestDistance <= 1 ? FuzzyWeightDistance1 : FuzzyWeightDistance2;
        foreach (var candidate in candidates)
        {
            Add(alternatives, candidate, weight);
        }
    }

    private static void Add(Dictionary<string, double> alternatives, string stem, double weight) =>
        alternatives[stem] = Math.Max(alternatives.GetValueOrDefault(stem), weight);

    private sealed record QueryToken(bool IsStopWord, IReadOnlyDictionary<string, double> Alternatives)
    {
        public double Weight(string stem) => Alternatives.GetValueOrDefault(stem);
    }

    /// <summary>An id or alias as a sequence of words and their stems.</summary>
    private sealed record Phrase(string[] Words, string[] Stems)
    {
        public static IEnumerable<Phrase> From(string text)
        {
            var words = TextAnalyzer.Words(text);
            if (words.Count > 0)
            {
                yield return new Phrase([.. words], [.. words.Select(TextAnalyzer.Stem)]);
            }

            foreach (var compound in TextAnalyzer.Compounds(text))
            {
                yield return new Phrase([compound], [TextAnalyzer.Stem(compound)]);
            }
        }
    }

    private sealed record Document(
        ContentSection Section,
        int Order,
        Dictionary<string, double> Terms,
        double Length,
        HashSet<string> Surfaces,
        IReadOnlyList<string> Names,
        Phrase[] Phrases)
    {
        public static Document Create(ContentSection section, int order)
        {
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            var surfaces = new HashSet<string>(StringComparer.Ordinal);
            var length = 0.0;

            void AddText(string text, double weight)
            {
                foreach (var word in TextAnalyzer.Words(text).Concat(TextAnalyzer.Compounds(text)))
                {
                    if (TextAnalyzer.IsStopWord(word))
                    {
                        continue;
                    }

                    var stem = TextAnalyzer.Stem(word);
                    terms[stem] = terms.GetValueOrDefault(stem) + weight;
                    surfaces.Add(word);
                    length += weight;
                }
            }

            AddText(section.Title, TitleWeight);
            AddText(PlainText.Render(section.Body), 1);
            var names = section.Aliases.Prepend(section.Id).ToList();
            foreach (var name in names)
            {
                AddText(name, 1);
            }

            var phrases = names.SelectMany(Phrase.From).DistinctBy(p => string.Join(' ', p.Stems)).ToArray();
            return new Document(section, order, terms, length, surfaces, names, phrases);
        }
    }
}
