namespace Il6Bot.Observability;

/// <summary>The <c>outcome</c> of <c>il6bot.content.reloads</c>.</summary>
public enum ContentReloadOutcome
{
    /// <summary>The edit was loaded and swapped in.</summary>
    Ok,

    /// <summary>The edit did not load; the last good content stays.</summary>
    Rejected,
}
