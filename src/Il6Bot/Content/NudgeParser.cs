using Il6Bot.Messages;
using Md = Markdig.Syntax;

namespace Il6Bot.Content;

/// <summary>
/// Reads <c>nudges.md</c>: one level-2 heading per nudge, <c>## Title {#n-slug data-topic="how"}</c>, then
/// its text, which must end with a pointer to that topic (<c>/il6 how</c>).
/// </summary>
internal static class NudgeParser
{
    /// <summary>Title plus text must stay under this many characters (the issue's "under 600").</summary>
    public const int MaxLength = 600;

    private const string TopicAttribute = "data-topic";

    private static readonly string[] AllowedAttributes = [TopicAttribute];

    public static IReadOnlyList<NudgeText> Parse(Md.MarkdownDocument document, string file, ParsedArticle article)
    {
        MarkdownChecks.RejectMalformed(document, file);
        var topicIds = article.Topics
            .SelectMany(t => t.SelfAndDescendants())
            .Select(s => s.Id)
            .ToHashSet(StringComparer.Ordinal);

        var groups = new List<(Md.HeadingBlock Heading, List<Md.Block> Blocks)>();
        foreach (var block in document)
        {
            if (block is Md.HeadingBlock heading)
            {
                if (heading.Level != 2)
                {
                    throw new ContentException(MarkdownChecks.At(file, heading), $"nudges are level-2 headings (## Title {{#n-id data-topic=\"how\"}}), not H{heading.Level}");
                }

                groups.Add((heading, []));
            }
            else if (MarkdownChecks.IsComment(block) || block is Md.LinkReferenceDefinitionGroup)
            {
                continue;
            }
            else if (groups.Count == 0)
            {
                throw new ContentException(MarkdownChecks.At(file, block), "text before the first nudge heading");
            }
            else
            {
                groups[^1].Blocks.Add(block);
            }
        }

        if (groups.Count == 0)
        {
            throw new ContentException(new SourceLocation(file, 1), "no nudges; add at least one '## Title {#n-id data-topic=\"how\"}' with its text");
        }

        var ids = new KeyRegistry();
        var nudges = new List<NudgeText>(groups.Count);
        foreach (var (heading, blocks) in groups)
        {
            nudges.Add(ParseOne(heading, blocks, file, topicIds, ids));
        }

        return nudges;
    }

    private static NudgeText ParseOne(
        Md.HeadingBlock heading,
        List<Md.Block> blocks,
        string file,
        HashSet<string> topicIds,
        KeyRegistry ids)
    {
        var location = MarkdownChecks.At(file, heading);
        var (id, properties) = MarkdownChecks.ReadAttributes(heading, file, AllowedAttributes);
        ids.Add(id, location, $"nudge id '{id}'");

        if (!properties.TryGetValue(TopicAttribute, out var topic) || string.IsNullOrWhiteSpace(topic))
        {
            throw new ContentException(location, $"nudge '{id}' has no data-topic naming the /il6 topic that backs it");
        }

        if (!topicIds.Contains(topic))
        {
            throw new ContentException(
                location,
                $"nudge '{id}' points to topic '{topic}', which is not an /il6 topic ({string.Join(", ", topicIds)})");
        }

        var title = MarkdownChecks.Title(heading);
        var body = MarkdownMessageParser.FromBlocks(blocks);
        var text = PlainText.Render(body);
        if (title.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            throw new ContentException(location, $"nudge '{id}' needs a title and text");
        }

        var length = title.Length + text.Length;
        if (length >= MaxLength)
        {
            throw new ContentException(location, $"nudge '{id}' is {length} characters (title and text); keep it under {MaxLength}");
        }

        // The pointer lets a reader check the claim; a nudge that drifts from its topic is caught here.
        var pointer = $"/il6 {topic}";
        if (!text.TrimEnd().EndsWith(pointer, StringComparison.Ordinal))
        {
            var last = blocks.Count > 0 ? MarkdownChecks.At(file, blocks[^1]) : location;
            throw new ContentException(last, $"nudge '{id}' must end with a pointer to its topic, e.g. Read more: `{pointer}`");
        }

        return new NudgeText(id, title, body, topic, location);
    }
}
