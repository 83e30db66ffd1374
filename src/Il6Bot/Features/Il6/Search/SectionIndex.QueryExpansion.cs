namespace Il6Bot.Features.Il6.Search;

// What one query word may stand for: itself, the article words it begins (autocomplete) and, for a word the
// article lacks, its nearest article words by edit distance (typos).
public sealed partial class SectionIndex
{
    private const double FuzzyWeightDistance1 = 0.8;
    private const double FuzzyWeightDistance2 = 0.6;
    private const double PrefixWeight = 0.9;

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

}
