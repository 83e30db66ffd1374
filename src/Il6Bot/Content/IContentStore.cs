namespace Il6Bot.Content;

/// <summary>Holds the current content; replaced atomically on reload.</summary>
public interface IContentStore
{
    /// <summary>The loaded content, or null before the first successful load.</summary>
    ContentSnapshot? Current { get; }

    /// <summary>Raised after a new snapshot has been swapped in.</summary>
    event Action<ContentSnapshot>? Changed;

    /// <summary>The current snapshot; throws when content is not loaded (start-up makes that impossible).</summary>
    ContentSnapshot Snapshot => Current ?? throw new InvalidOperationException("Content is not loaded.");
}
