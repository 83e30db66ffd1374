using Il6Bot.Content;

namespace Il6Bot.Features.Il6.Search;

/// <param name="Score">BM25 plus alias bonuses; only comparable within one query.</param>
/// <param name="Coverage">Share of the query's meaningful words (0..1) this section matched.</param>
public sealed record SearchHit(ContentSection Section, double Score, double Coverage);
