using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Slack;

/// <summary>
/// The reply for one content section. Stand-in for <c>Il6Bot.Commands.Il6.SectionReplies.Build</c> (branch
/// <c>search</c>) until it is merged; it builds the same shape, and swapping is this one method body.
/// </summary>
internal static class SlackSectionReplies
{
    public static Reply Build(ContentSnapshot snapshot, ContentSection section)
    {
        var topic = snapshot.Topics.FirstOrDefault(t => t.SelfAndDescendants().Contains(section)) ?? section;
        var others = snapshot.Topics.Where(t => t != topic).Select(t => t.Id).ToList();
        var footer = others.Count == 0 ? null : "More: " + string.Join(" · ", others.Select(id => "/il6 " + id));
        return new Reply(
            section.Title,
            section.Body,
            section.Children.Select(child => new ReplyField(child.Title, child.Body)).ToList(),
            footer,
            Ephemeral: false,
            SectionId: section.Id);
    }
}
