using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Features.Il6;

/// <summary>The real <c>content/</c> folder, loaded by the real loader and prepared once for all search tests.</summary>
public static class ArticleFixture
{
    private static readonly Lazy<ContentSnapshot> Loaded = new(() =>
        ContentLoader.Load(RepoPaths.Content, "content", DateTimeOffset.UnixEpoch));

    public static ContentSnapshot Snapshot => Loaded.Value;

    public static Il6Replies Replies { get; } = new();

    public static Il6Prepared Prepared => Replies.For(Snapshot);
}
