using Il6Bot.Commands.Il6;
using Il6Bot.Content;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Search;

/// <summary>The real <c>content/</c> folder, loaded by the real loader and prepared once for all search tests.</summary>
public static class ArticleFixture
{
    private static readonly Lazy<ContentSnapshot> Loaded = new(() =>
    {
        var snapshot = ContentLoader.Load(RepoPaths.Content, "content", DateTimeOffset.UnixEpoch);
        snapshot.AddPrepared(new Il6ContentPreparer().Prepare(snapshot));
        return snapshot;
    });

    public static ContentSnapshot Snapshot => Loaded.Value;

    public static Il6Prepared Prepared => Snapshot.GetPrepared<Il6Prepared>();
}
