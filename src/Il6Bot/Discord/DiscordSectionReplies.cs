using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Discord;

/// <summary>
/// Stand-in for <c>Il6Bot.Commands.Il6.SectionReplies.Build</c> (branch <c>search</c>) until it is merged:
/// the same shape (title, body, children as fields, footer naming the other topics). Prepared bytes are
/// only used when they match what the /il6 handler answers, so once merged this must delegate to it.
/// </summary>
internal static class DiscordSectionReplies
{
    public static Reply Build(ContentSnapshot snapshot, ContentSection section)
    {
        var fields = section.Children.Select(child => new ReplyField(child.Title, Flatten(child))).ToList();
        var others = snapshot.Topics.Where(t => !t.Id.Equals(section.Id, StringComparison.OrdinalIgnoreCase)).Select(t => t.Id);
        return new Reply(section.Title, section.Body, fields, "Other topics: " + string.Join(", ", others), Ephemeral: false, SectionId: section.Id);
    }

    /// <summary>A field cannot nest fields, so grandchildren become bold headings inside the value.</summary>
    private static MessageDocument Flatten(ContentSection section)
    {
        var blocks = new List<MessageBlock>(section.Body.Blocks);
        foreach (var child in section.Children)
        {
            blocks.Add(new HeadingBlock(child.Level, [new TextInline(child.Title)]));
            blocks.AddRange(Flatten(child).Blocks);
        }

        return new MessageDocument(blocks);
    }
}
