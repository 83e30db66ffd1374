using System.Runtime.CompilerServices;
using Il6Bot.Content;

namespace Il6Bot.Features.Il6;

/// <summary>
/// <c>/il6</c>'s replies and search index per content snapshot, built once at content load (the store calls
/// <see cref="Prepare"/> before publishing), so a request only looks things up. Keyed weakly by the snapshot:
/// an old snapshot's replies go when nothing reads it any more.
/// </summary>
public sealed class Il6Replies : IContentReplies
{
    private readonly ConditionalWeakTable<ContentSnapshot, Il6Prepared> _bySnapshot = new();

    public Il6Prepared For(ContentSnapshot snapshot) => _bySnapshot.GetValue(snapshot, static s => new Il6Prepared(s));

    public IReadOnlyList<PreparedReply> Prepare(ContentSnapshot snapshot) => For(snapshot).Sections;
}
