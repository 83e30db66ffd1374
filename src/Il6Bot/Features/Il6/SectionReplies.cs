using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Features.Il6;

/// <summary>
/// The neutral replies for article sections. Platform preparers call these at content load to pre-render
/// every section, so what a platform sends is exactly what <c>/il6</c> answers.
/// </summary>
public static class SectionReplies
{
    /// <summary>
    /// A section as a public reply: its text, one field per child (deeper levels folded into the child's
    /// field, since platforms nest no further), and a footer naming the other top-level topics.
    /// </summary>
    public static Reply Build(ContentSnapshot snapshot, ContentSection section)
    {
        var fields = section.Children.Select(child => new ReplyField(child.Title, Flatten(child))).ToList();
        var others = snapshot.Topics.Where(t => t.Id != section.Id).Select(t => t.Id);
        return new Reply(
            section.Title,
            section.Body,
            fields,
            $"Other topics: {string.Join(" · ", others)}",
            Ephemeral: false);
    }

    /// <summary>
    /// The answer to a bare <c>/il6</c>: the article title, its one-line summary and every topic id with its
    /// title.
    /// </summary>
    public static Reply Overview(ContentSnapshot snapshot)
    {
        List<MessageBlock> blocks = [new ParagraphBlock([new TextInline(snapshot.Summary)])];
        blocks.AddRange(TopicList(snapshot));
        return new Reply(
            snapshot.Title,
            new MessageDocument(blocks),
            [],
            "Type /il6 followed by a topic to read it, or any words to search the article.",
            Ephemeral: false);
    }

    /// <summary>"Topics:" and a list of <c>id</c> — title, sub-sections nested under their parent.</summary>
    public static IReadOnlyList<MessageBlock> TopicList(ContentSnapshot snapshot) =>
        [new ParagraphBlock([new StrongInline([new TextInline("Topics")])]), TopicItems(snapshot.Topics)];

    private static ListBlock TopicItems(IReadOnlyList<ContentSection> sections) =>
        new(false, [.. sections.Select(TopicItem)]);

    private static IReadOnlyList<MessageBlock> TopicItem(ContentSection section)
    {
        List<MessageBlock> item = [new ParagraphBlock([new CodeInline(section.Id), new TextInline($" — {section.Title}")])];
        if (section.Children.Count > 0)
        {
            item.Add(TopicItems(section.Children));
        }

        return item;
    }

    private static MessageDocument Flatten(ContentSection child)
    {
        if (child.Children.Count == 0)
        {
            return child.Body;
        }

        var blocks = new List<MessageBlock>(child.Body.Blocks);
        foreach (var descendant in child.Children.SelectMany(c => c.SelfAndDescendants()))
        {
            blocks.Add(new ParagraphBlock([new StrongInline([new TextInline(descendant.Title)])]));
            blocks.AddRange(descendant.Body.Blocks);
        }

        return new MessageDocument(blocks);
    }
}
