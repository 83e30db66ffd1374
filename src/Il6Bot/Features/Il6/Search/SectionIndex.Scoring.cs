namespace Il6Bot.Features.Il6.Search;

// BM25 per query word plus the bonus for naming a section by its id or alias.
public sealed partial class SectionIndex
{
    // The usual BM25 parameters: term-frequency saturation and how much a long section is discounted.
    private const double K1 = 1.2;
    private const double B = 0.75;

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

    // An alias names a topic outright, so one alias word outweighs several body words.
    private const double AliasWordBonus = 2.5;

    // Question words in aliases ("what is", "how") still point somewhere, but weakly.
    private const double AliasStopWordBonus = 0.5;

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
}
