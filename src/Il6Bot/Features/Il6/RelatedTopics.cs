using Il6Bot.Content;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Il6;

/// <summary>
/// Where a reader goes from a section: its parent, its children, then the next section in the article, as
/// buttons. At most <see cref="MaxButtons"/>, what one Discord action row holds.
/// </summary>
public sealed class RelatedTopics
{
    public const int MaxButtons = 5;

    private readonly Dictionary<string, ContentSection> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentSection> _next = new(StringComparer.Ordinal);

    public RelatedTopics(ContentSnapshot snapshot)
    {
        ContentSection? previous = null;
        foreach (var section in snapshot.AllSections)
        {
            foreach (var child in section.Children)
            {
                _parents[child.Id] = section;
            }

            if (previous is not null)
            {
                _next[previous.Id] = section;
            }

            previous = section;
        }
    }

    public IReadOnlyList<ReplyButton> For(ContentSection section)
    {
        List<ContentSection> related = [];
        if (_parents.TryGetValue(section.Id, out var parent))
        {
            related.Add(parent);
        }

        related.AddRange(section.Children);
        if (_next.TryGetValue(section.Id, out var next))
        {
            related.Add(next);
        }

        return [.. related
            .DistinctBy(s => s.Id)
            .Where(s => s.Id != section.Id)
            .Take(MaxButtons)
            .Select(s => new ReplyButton(s.Title, new ButtonAction(ButtonKind.Topic, s.Id)))];
    }
}
