using System.Buffers;
using System.Text;
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

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContentException(new SourceLocation(displayName, 1), $"file not found (looked for {path})");
        }

        return DecodeUtf8(bytes, displayName);
    }

    /// <summary>
    /// Strict UTF-8 (a leading byte order mark is allowed): a lenient decode would serve every invalid byte to
    /// members as U+FFFD, so the first one is reported with its line instead.
    /// </summary>
    internal static string DecodeUtf8(ReadOnlySpan<byte> bytes, string displayName)
    {
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        if (bytes.StartsWith(byteOrderMark))
        {
            bytes = bytes[byteOrderMark.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var valid = FirstInvalidByte(bytes);
            var line = bytes[..valid].Count((byte)'\n') + 1;
            throw new ContentException(
                new SourceLocation(displayName, line),
                $"not valid UTF-8 (byte 0x{bytes[valid]:X2}); save the file as UTF-8");
        }
    }

    // The decoder's own index is relative to the buffer it was handed last; counting valid bytes is exact.
    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length
            && Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return Math.Min(offset, bytes.Length - 1);
    }

    private static string DisplayName(string displayFolder, string fileName) =>
        string.IsNullOrEmpty(displayFolder)
            ? fileName
            : displayFolder.Replace('\\', '/').TrimEnd('/') + "/" + fileName;
}
