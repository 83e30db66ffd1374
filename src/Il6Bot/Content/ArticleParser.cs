using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Md = Markdig.Syntax;

namespace Il6Bot.Content;

/// <summary>
/// Turns the article's Markdown tree into the section tree: the single H1 is the <c>overview</c> topic
/// (its first paragraph is the summary), each H2 is a topic, deeper headings hang below their parent.
/// </summary>
internal static class ArticleParser
{
    private const string AliasesAttribute = "data-aliases";

    private static readonly string[] AllowedAttributes = [AliasesAttribute];

    public static ParsedArticle Parse(Md.MarkdownDocument document, string file)
    {
        MarkdownChecks.RejectMalformed(document, file);
        var headings = SplitAtHeadings(document, file);
        if (headings.Count == 0)
        {
            throw new ContentException(new SourceLocation(file, 1), "the article has no headings; it must start with '# Title {#overview}'");
        }

        if (headings[0].Heading.Level != 1)
        {
            throw new ContentException(MarkdownChecks.At(file, headings[0].Heading), "the article must start with its title as a level-1 heading (# ...)");
        }

        var keys = new KeyRegistry();
        var flat = new List<FlatSection>();
        var previousLevel = 0;
        foreach (var (heading, blocks) in headings)
        {
            var location = MarkdownChecks.At(file, heading);
            if (heading.Level == 1 && flat.Count > 0)
            {
                throw new ContentException(location, "only the title may be a level-1 heading; use ## for topics");
            }

            if (heading.Level > previousLevel + 1)
            {
                throw new ContentException(
                    location,
                    $"heading level jumps from H{previousLevel} to H{heading.Level}; use H{previousLevel + 1}");
            }

            previousLevel = heading.Level;
            var (id, properties) = MarkdownChecks.ReadAttributes(heading, file, AllowedAttributes);
            if (id.Length == 0 || !ButtonId.IsArgument(id))
            {
                throw new ContentException(
                    location,
                    $"topic id '{id}' must be 1 to {ButtonId.MaxArgumentLength} characters of a-z, 0-9 and '-', because topic ids travel inside buttons");
            }

            var aliases = properties.TryGetValue(AliasesAttribute, out var list)
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            AddKey(keys, id, location, $"id '{id}'");
            foreach (var alias in aliases)
            {
                AddKey(keys, alias, location, $"alias '{alias}'");
            }

            var body = MarkdownMessageParser.FromBlocks(blocks);
            var title = MarkdownChecks.Title(heading);
            if (title.Length == 0)
            {
                throw new ContentException(location, $"heading '{id}' has no title text");
            }

            if (!MarkdownChecks.HasText(body))
            {
                throw new ContentException(location, $"section '{id}' has no text");
            }

            flat.Add(new FlatSection(id, title, aliases, heading.Level, body, location, blocks));
        }

        var overview = flat[0];
        var summaryParagraph = overview.Blocks.OfType<Md.ParagraphBlock>().FirstOrDefault()
            ?? throw new ContentException(overview.Source, "the title section needs a paragraph (the one-line summary) before any other text");
        var summary = MarkdownChecks.CollapseWhitespace(PlainText.Render(MarkdownMessageParser.FromBlocks([summaryParagraph])));

        var index = 0;
        var topics = new List<ContentSection> { Build(flat, ref index) };
        while (index < flat.Count)
        {
            topics.Add(Build(flat, ref index));
        }

        return new ParsedArticle(overview.Title, summary, topics);
    }

    private static void AddKey(KeyRegistry keys, string key, SourceLocation location, string what)
    {
        if (ReservedTopicWords.Answer(key) is { } answer)
        {
            throw new ContentException(location, $"{what} is reserved: /il6 {key} gives {answer}, never this section; choose another");
        }

        keys.Add(key, location, what);
    }

    /// <summary>Each heading with the blocks up to the next heading; anything before the first heading is an error.</summary>
    private static List<(Md.HeadingBlock Heading, List<Md.Block> Blocks)> SplitAtHeadings(Md.MarkdownDocument document, string file)
    {
        var result = new List<(Md.HeadingBlock Heading, List<Md.Block> Blocks)>();
        foreach (var block in document)
        {
            if (block is Md.HeadingBlock heading)
            {
                result.Add((heading, []));
            }
            else if (MarkdownChecks.IsComment(block) || block is Md.LinkReferenceDefinitionGroup)
            {
                continue;
            }
            else if (result.Count == 0)
            {
                throw new ContentException(MarkdownChecks.At(file, block), "text before the first heading; every paragraph belongs to a section");
            }
            else
            {
                result[^1].Blocks.Add(block);
            }
        }

        return result;
    }

    // The H1 closes at once (topics are its siblings, not its children); any other heading takes every
    // following deeper heading as a descendant.
    private static ContentSection Build(List<FlatSection> flat, ref int index)
    {
        var section = flat[index++];
        var children = new List<ContentSection>();
        if (section.Level > 1)
        {
            while (index < flat.Count && flat[index].Level > section.Level)
            {
                children.Add(Build(flat, ref index));
            }
        }

        return new ContentSection(section.Id, section.Title, section.Aliases, section.Level, section.Body, children, section.Source);
    }

    private sealed record FlatSection(
        string Id,
        string Title,
        IReadOnlyList<string> Aliases,
        int Level,
        MessageDocument Body,
        SourceLocation Source,
        IReadOnlyList<Md.Block> Blocks);
}

internal sealed record ParsedArticle(string Title, string Summary, IReadOnlyList<ContentSection> Topics);
