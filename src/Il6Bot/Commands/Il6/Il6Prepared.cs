using Il6Bot.Content;
using Il6Bot.Messages;
using Il6Bot.Search;

namespace Il6Bot.Commands.Il6;

/// <summary>
/// Everything <c>/il6</c> needs for one snapshot, built at content load so a request only looks things up.
/// Read with <c>snapshot.GetPrepared&lt;Il6Prepared&gt;()</c>.
/// </summary>
public sealed class Il6Prepared
{
    private readonly Dictionary<string, Reply> _sections;

    public Il6Prepared(ContentSnapshot snapshot)
    {
        Index = SectionIndex.Build(snapshot);
        _sections = snapshot.AllSections.ToDictionary(
            s => s.Id,
            s => SectionReplies.Build(snapshot, s),
            StringComparer.OrdinalIgnoreCase);
        Overview = SectionReplies.Overview(snapshot);
        TopicList = SectionReplies.TopicList(snapshot);
        Usage = Il6HelpReplies.Usage(snapshot);
    }

    public SectionIndex Index { get; }

    public Reply Overview { get; }

    public Reply Usage { get; }

    public IReadOnlyList<MessageBlock> TopicList { get; }

    public Reply Section(ContentSection section) => _sections[section.Id];
}
