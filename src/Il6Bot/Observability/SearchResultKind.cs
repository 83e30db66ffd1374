namespace Il6Bot.Observability;

/// <summary>What an <c>/il6</c> search found, as the <c>result</c> attribute of <c>il6bot.searches</c>.</summary>
public enum SearchResultKind
{
    /// <summary>One section was a clear enough winner to answer with.</summary>
    Match,

    /// <summary>No good match; "did you mean" suggestions were offered.</summary>
    Suggestions,

    /// <summary>Nothing matched at all.</summary>
    NoMatch,
}
