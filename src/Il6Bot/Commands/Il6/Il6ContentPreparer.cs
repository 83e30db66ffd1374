using Il6Bot.Content;

namespace Il6Bot.Commands.Il6;

/// <summary>Builds the search index and the section replies once per content load.</summary>
public sealed class Il6ContentPreparer : IContentPreparer
{
    public object Prepare(ContentSnapshot snapshot) => new Il6Prepared(snapshot);
}
