using Markdig;
using Markdig.Syntax;

namespace Il6Bot.Content;

/// <summary>
/// Reads <c>il6.md</c> and <c>nudges.md</c> from a content folder and builds a validated
/// <see cref="ContentSnapshot"/>. Every problem is a <see cref="ContentException"/> naming file and line.
/// </summary>
public static class ContentLoader
{
    public const string ArticleFileName = "il6.md";

    public const string NudgesFileName = "nudges.md";

    // Precise locations so line numbers in errors point at the construct, not at its container.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseGenericAttributes()
        .UsePreciseSourceLocation()
        .Build();

    /// <param name="folder">Where the files are on disk.</param>
    /// <param name="displayFolder">How the folder is named in error messages (e.g. <c>content</c>), so a
    /// message reads <c>content/il6.md:12</c> whatever the machine's absolute path.</param>
    /// <param name="loadedAt">Stamped on the snapshot.</param>
    public static ContentSnapshot Load(string folder, string displayFolder, DateTimeOffset loadedAt)
    {
        var articleName = DisplayName(displayFolder, ArticleFileName);
        var nudgesName = DisplayName(displayFolder, NudgesFileName);
        var article = ReadFile(Path.Combine(folder, ArticleFileName), articleName);
        var nudges = ReadFile(Path.Combine(folder, NudgesFileName), nudgesName);
        return Parse(article, articleName, nudges, nudgesName, loadedAt);
    }

    /// <summary>Builds a snapshot from Markdown text; the names are only used in error messages.</summary>
    public static ContentSnapshot Parse(
        string articleMarkdown,
        string articleName,
        string nudgesMarkdown,
        string nudgesName,
        DateTimeOffset loadedAt)
    {
        var article = ArticleParser.Parse(ParseMarkdown(articleMarkdown), articleName);
        var nudges = NudgeParser.Parse(ParseMarkdown(nudgesMarkdown), nudgesName, article);
        return new ContentSnapshot(article.Title, article.Summary, article.Topics, nudges, loadedAt);
    }

    private static MarkdownDocument ParseMarkdown(string markdown) => Markdown.Parse(markdown, Pipeline);

    private static string ReadFile(string path, string displayName)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContentException(new SourceLocation(displayName, 1), $"file not found (looked for {path})");
        }
    }

    private static string DisplayName(string displayFolder, string fileName) =>
        string.IsNullOrEmpty(displayFolder)
            ? fileName
            : displayFolder.Replace('\\', '/').TrimEnd('/') + "/" + fileName;
}
