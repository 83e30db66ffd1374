using Il6Bot.Content;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Il6;

/// <summary>
/// Where a reader goes from a section: its parent, its children, then the next section in the article (or, from
/// the last one, the first), as buttons. At most <see cref="MaxButtons"/>, what one Discord action row holds.
/// </summary>
public sealed class RelatedTopics
{
    public const int MaxButtons = 5;

    private readonly Dictionary<string, ContentSection> _parents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentSection> _next = new(StringComparer.Ordinal);
    private readonly ContentSection? _first;

    public RelatedTopics(ContentSnapshot snapshot)
    {
        _first = snapshot.Topics.Count > 0 ? snapshot.Topics[0] : null;
        var order = snapshot.AllSections.ToList();
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var child in order[i].Children)
            {
                _parents[child.Id] = order[i];
            }

            // "Next" skips the section's own sub-sections: they are offered as children already.
            var descendants = order[i].SelfAndDescendants().Count();
            if (i + descendants < order.Count)
            {
                _next[order[i].Id] = order[i + descendants];
            }
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

        // The article's last section still leads somewhere: back to the start.
        if (related.Count == 0 && _first is not null)
        {
            related.Add(_first);
        }

        return [.. related
            .DistinctBy(s => s.Id)
            .Where(s => s.Id != section.Id)
            .Take(MaxButtons)
            .Select(s => new ReplyButton(s.Title, new ButtonAction(ButtonKind.Topic, s.Id)))];
    }
}
