using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>Content with a given number of numbered nudges ("Nudge 0", "Nudge 1", ...), for rotation checks.</summary>
public sealed class FakeContentStore : IContentStore
{
    public FakeContentStore(int nudgeCount, DateTimeOffset loadedAt)
        : this(Enumerable.Repeat("how", nudgeCount).ToArray(), loadedAt)
    {
    }

    /// <summary>Nudge <c>i</c> is backed by <c>topics[i]</c>, for rotations restricted to topics.</summary>
    public FakeContentStore(IReadOnlyList<string> topics, DateTimeOffset loadedAt)
    {
        var nudges = Enumerable.Range(0, topics.Count)
            .Select(i => new NudgeText(
                $"n-{i}",
                $"Nudge {i}",
                MarkdownMessageParser.Parse($"Train this week, step {i}.\n\nRead more: `/il6 {topics[i]}`"),
                topics[i],
                new SourceLocation("nudges.md", i + 1)))
            .ToList();
        Current = new ContentSnapshot("IL-6", "Summary", [], nudges, loadedAt);
    }

    public ContentSnapshot? Current { get; }

    public event Action<ContentSnapshot>? Changed
    {
        add { }
        remove { }
    }
}
