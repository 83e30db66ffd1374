using Il6Bot.Content;

namespace Il6Bot.Tests.Features.Il6;

/// <summary>A content store that always holds one snapshot (or none, before the first load).</summary>
internal sealed class FixedContentStore(ContentSnapshot? snapshot) : IContentStore
{
    public ContentSnapshot? Current => snapshot;

    public event Action<ContentSnapshot>? Changed
    {
        add { }
        remove { }
    }
}
