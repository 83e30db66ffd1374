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
    private readonly Dictionary<string, Reply> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Reply> _privateSections = new(StringComparer.OrdinalIgnoreCase);

    public Il6Prepared(ContentSnapshot snapshot)
    {
        Index = SectionIndex.Build(snapshot);
        var related = new RelatedTopics(snapshot);
        List<PreparedReply> prepared = [];
        foreach (var section in snapshot.AllSections)
        {
            var reply = SectionReplies.Build(snapshot, section) with { Buttons = related.For(section) };
            var privately = SectionReplies.Private(reply, section);
            _sections.Add(section.Id, reply);
            _privateSections.Add(section.Id, privately);
            prepared.Add(new PreparedReply(reply, section.Id, section.Source));
            prepared.Add(new PreparedReply(privately, $"{section.Id} (private)", section.Source));
        }

        Sections = prepared;
        Overview = SectionReplies.Overview(snapshot);
        TopicList = SectionReplies.TopicList(snapshot);
        Usage = Il6HelpReplies.Usage(snapshot);
    }

    public SectionIndex Index { get; }

    /// <summary>Every section's replies, public and private: the instances <c>/il6</c> and its buttons answer with,
    /// which platforms render ahead.</summary>
    public IReadOnlyList<PreparedReply> Sections { get; }

    public Reply Overview { get; }

    public Reply Usage { get; }

    public IReadOnlyList<MessageBlock> TopicList { get; }

    /// <summary>The section as <c>/il6 topic</c> answers it: public, with its related topics.</summary>
    public Reply Section(ContentSection section) => _sections[section.Id];

    /// <summary>The section for one reader (a search hit, a button): ephemeral, with Share in channel.</summary>
    public Reply PrivateSection(ContentSection section) => _privateSections[section.Id];
}
