using Il6Bot.Messages;
using Markdig.Renderers.Html;
using Md = Markdig.Syntax;
using MdInlines = Markdig.Syntax.Inlines;
using static Markdig.Syntax.MarkdownObjectExtensions;

namespace Il6Bot.Content;

/// <summary>
/// Checks shared by the article and nudge parsers: constructs the message model would silently drop or
/// mangle are refused at load, so an editing mistake shows up as an error instead of a missing paragraph.
/// </summary>
internal static class MarkdownChecks
{
    public static SourceLocation At(string file, Md.Block block) => new(file, block.Line + 1);

    public static SourceLocation At(string file, MdInlines.Inline inline) => new(file, inline.Line + 1);

    /// <summary>HTML comments are notes for editors and are allowed anywhere between blocks.</summary>
    public static bool IsComment(Md.Block block) => block is Md.HtmlBlock { Type: Md.HtmlBlockType.Comment };

    public static void RejectMalformed(Md.MarkdownDocument document, string file)
    {
        foreach (var block in document.Descendants<Md.Block>())
        {
            switch (block)
            {
                case Md.FencedCodeBlock { ClosingFencedCharCount: 0 } fence:
                    throw new ContentException(At(file, fence), "code fence is never closed");
                case Md.HtmlBlock { Type: Md.HtmlBlockType.Comment } comment when !comment.Lines.ToString().Contains("-->", StringComparison.Ordinal):
                    throw new ContentException(At(file, comment), "HTML comment is never closed (missing -->)");
                case Md.HtmlBlock { Type: not Md.HtmlBlockType.Comment } html:
                    throw new ContentException(At(file, html), "raw HTML is not supported; use Markdown");
                case Md.LinkReferenceDefinitionGroup or Md.LinkReferenceDefinition:
                    break;
                case Md.LeafBlock { Inline: not null } leaf:
                    RejectMalformedInlines(leaf.Inline, file);
                    break;
            }
        }
    }

    /// <summary>The heading's <c>{#id ...}</c> attributes, or an error when they are missing or unknown.</summary>
    public static (string Id, IReadOnlyDictionary<string, string> Properties) ReadAttributes(
        Md.HeadingBlock heading,
        string file,
        IReadOnlyCollection<string> allowedProperties)
    {
        var location = At(file, heading);
        var attributes = heading.TryGetAttributes();
        if (string.IsNullOrWhiteSpace(attributes?.Id))
        {
            var hint = Title(heading).Contains('{', StringComparison.Ordinal)
                ? "its {...} attributes could not be parsed"
                : "add one at the end, e.g. {#my-topic}";
            throw new ContentException(location, $"heading has no {{#id}}: {hint}");
        }

        if (attributes.Classes is { Count: > 0 })
        {
            throw new ContentException(location, $"heading classes are not supported (.{attributes.Classes[0]})");
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes.Properties ?? [])
        {
            if (!allowedProperties.Contains(key))
            {
                throw new ContentException(
                    location,
                    $"unknown heading attribute '{key}'; expected {string.Join(" or ", allowedProperties)}");
            }

            properties[key] = value ?? string.Empty;
        }

        return (attributes.Id, properties);
    }

    /// <summary>The heading as readers see it: plain text, attributes removed, whitespace trimmed.</summary>
    public static string Title(Md.HeadingBlock heading) =>
        CollapseWhitespace(PlainText.Render(((Messages.HeadingBlock)MarkdownMessageParser.FromBlocks([heading]).Blocks[0]).Inlines));

    public static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>True when a body has something a reader would see.</summary>
    public static bool HasText(MessageDocument body) => !string.IsNullOrWhiteSpace(PlainText.Render(body));

    private static void RejectMalformedInlines(MdInlines.ContainerInline container, string file)
    {
        foreach (var inline in container.Descendants<MdInlines.Inline>())
        {
            if (inline is MdInlines.HtmlInline html)
            {
                throw new ContentException(At(file, html), $"raw HTML is not supported ({html.Tag}); use Markdown");
            }
        }
    }
}
