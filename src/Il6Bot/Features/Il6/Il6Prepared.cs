using Il6Bot.Content;
using Il6Bot.Features.Il6.Search;
using Il6Bot.Messages;

namespace Il6Bot.Features.Il6;

/// <summary>
/// Everything <c>/il6</c> needs for one snapshot, built at content load so a request only looks things up.
/// Read through <see cref="Il6Replies.For"/>.
/// </summary>
public sealed class Il6Prepared
{
    private readonly Dictionary<string, Reply> _sections;

    public Il6Prepared(ContentSnapshot snapshot)
    {
        Index = SectionIndex.Build(snapshot);
        Sections = [.. snapshot.AllSections.Select(s => new PreparedReply(SectionReplies.Build(snapshot, s), s.Id, s.Source))];
        _sections = Sections.ToDictionary(s => s.Name, s => s.Reply, StringComparer.OrdinalIgnoreCase);
        Overview = SectionReplies.Overview(snapshot);
        TopicList = SectionReplies.TopicList(snapshot);
        Usage = Il6HelpReplies.Usage(snapshot);
    }

    public SectionIndex Index { get; }

    /// <summary>Every section's reply: the instances <c>/il6</c> answers with, which platforms render ahead.</summary>
    public IReadOnlyList<PreparedReply> Sections { get; }

    public Reply Overview { get; }

    public Reply Usage { get; }

    public IReadOnlyList<MessageBlock> TopicList { get; }

    public Reply Section(ContentSection section) => _sections[section.Id];
}
