namespace Il6Bot.Content;

/// <summary>
/// Implemented by each platform adapter: renders every section once per content load, so the request path
/// only looks up prepared bytes. Throwing <see cref="ContentException"/> rejects the content (a section
/// that can never fit the platform's limits).
/// </summary>
public interface IContentPreparer
{
    /// <returns>An object stored on the snapshot and read back with <see cref="ContentSnapshot.GetPrepared{T}"/>.</returns>
    object Prepare(ContentSnapshot snapshot);
}
