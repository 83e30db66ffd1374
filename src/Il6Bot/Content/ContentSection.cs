using Il6Bot.Messages;

namespace Il6Bot.Content;

/// <summary>One heading of the article and the text under it, with its sub-sections.</summary>
/// <param name="Id">Stable topic id (slug), e.g. <c>benefits</c>.</param>
/// <param name="Aliases">Other words that name this topic exactly (e.g. <c>covid</c> for <c>illness</c>).</param>
/// <param name="Level">Heading level in the source file.</param>
/// <param name="Body">The text between this heading and the next heading.</param>
/// <param name="Source">Where the heading is, for error messages.</param>
public sealed record ContentSection(
    string Id,
    string Title,
    IReadOnlyList<string> Aliases,
    int Level,
    MessageDocument Body,
    IReadOnlyList<ContentSection> Children,
    SourceLocation Source)
{
    /// <summary>This section and every descendant, depth first.</summary>
    public IEnumerable<ContentSection> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Children)
        {
            foreach (var descendant in child.SelfAndDescendants())
            {
                yield return descendant;
            }
        }
    }
}

/// <summary>A file and 1-based line, printed as <c>content/il6.md:12</c>.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}
