using Il6Bot.Content;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Content;

/// <summary>A scratch content folder for one test, deleted on dispose.</summary>
internal sealed class TempContentFolder : IDisposable
{
    /// <summary>The smallest valid article: a title with its summary and one topic.</summary>
    public const string MinimalArticle =
        "# Title {#overview}\n" +
        "\n" +
        "Summary line.\n" +
        "\n" +
        "## What {#what data-aliases=\"def, meaning\"}\n" +
        "\n" +
        "Some text.\n";

    public const string MinimalNudges =
        "## Go {#n-go data-topic=\"what\"}\n" +
        "\n" +
        "Lift this week. Read more: `/il6 what`\n";

    public TempContentFolder(string? article = MinimalArticle, string? nudges = MinimalNudges)
    {
        Path = Directory.CreateTempSubdirectory("il6bot-content-").FullName;
        if (article is not null)
        {
            Write(ContentLoader.ArticleFileName, article);
        }

        if (nudges is not null)
        {
            Write(ContentLoader.NudgesFileName, nudges);
        }
    }

    public string Path { get; }

    /// <summary>Copies the repository's real content files in.</summary>
    public static TempContentFolder FromRepository()
    {
        var folder = new TempContentFolder(null, null);
        foreach (var name in new[] { ContentLoader.ArticleFileName, ContentLoader.NudgesFileName })
        {
            File.Copy(System.IO.Path.Combine(Infrastructure.RepoPaths.Content, name), System.IO.Path.Combine(folder.Path, name));
        }

        return folder;
    }

    public void Write(string fileName, string text) => File.WriteAllText(System.IO.Path.Combine(Path, fileName), text);

    public void WriteBytes(string fileName, byte[] bytes) => File.WriteAllBytes(System.IO.Path.Combine(Path, fileName), bytes);

    public string Read(string fileName) => File.ReadAllText(System.IO.Path.Combine(Path, fileName));

    public ContentSnapshot Load() => ContentLoader.Load(Path, "content", DateTimeOffset.UnixEpoch);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the folder for a moment; the OS temp cleanup gets it later.
        }
    }
}
