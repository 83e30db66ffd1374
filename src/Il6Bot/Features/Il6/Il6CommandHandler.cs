using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Insights;
using Il6Bot.Messages;
using Il6Bot.Observability;

namespace Il6Bot.Features.Il6;

/// <summary>
/// <c>/il6 [topic]</c>: the overview, a section by id or alias, or the best search match. Reads the
/// current snapshot per request, so a content reload takes effect on the next command. Sections shown and searches
/// with no good match are counted for <c>/insights</c> when a recorder is registered, once per request: a
/// <see cref="CommandRequest.IsRepeat"/> copy is answered but not counted.
/// </summary>
public sealed class Il6CommandHandler(IContentStore store, Il6Replies replies, Il6BotMetrics metrics, InsightsRecorder? insights = null) : ICommandHandler
{
    public const string TopicOption = "topic";

    /// <summary>Discord's maximum length of an autocomplete choice name.</summary>
    public const int MaxChoiceNameLength = 100;

    public CommandSpec Spec { get; } = new(
        "il6",
        "Read the IL-6 and strength training article by topic, or search it",
        [new OptionSpec(TopicOption, "A topic (what, benefits, how, …) or words to search for", Autocomplete: true, Rest: true)],
        [],
        ReadOnly: true);

    public Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request, request.Option(TopicOption)));

    public IReadOnlyList<Choice> Complete(string option, string partial, int limit)
    {
        if (!option.Equals(TopicOption, StringComparison.OrdinalIgnoreCase) || store.Current is not { } snapshot)
        {
            return [];
        }

        return [.. replies.For(snapshot).Index.Complete(partial, limit).Select(ToChoice)];
    }

    private Reply Answer(CommandRequest request, string? topic)
    {
        // A repeat is answered as the first delivery was, which already counted it.
        var counts = request.IsRepeat ? null : insights;
        var snapshot = store.Snapshot;
        var prepared = replies.For(snapshot);
        if (topic is null || ReservedTopicWords.IsTopicList(topic))
        {
            return prepared.Overview;
        }

        if (ReservedTopicWords.IsUsage(topic))
        {
            return prepared.Usage;
        }

        if (snapshot.Find(topic) is { } section)
        {
            counts?.SectionShown(request.Platform, request.TenantId, InsightsMetric.SectionByCommand, section.Id);
            return prepared.Section(section);
        }

        // A help or list word asked or quoted (help?, "list") is checked only once the exact words and the topic
        // lookup have missed, so the common path pays nothing for it; no section is passed over, as no id or alias
        // may be one of these words.
        var bare = TopicKey.WithoutMarks(topic);
        if (ReservedTopicWords.IsTopicList(bare))
        {
            return prepared.Overview;
        }

        if (ReservedTopicWords.IsUsage(bare))
        {
            return prepared.Usage;
        }

        // A search hit is only a guess at what the reader meant, so only they see it, with Share in channel.
        var result = prepared.Index.Search(topic);
        if (result.IsConfident)
        {
            metrics.Searched(request, SearchResultKind.Match);
            counts?.SectionShown(request.Platform, request.TenantId, InsightsMetric.SectionBySearch, result.Hits[0].Section.Id);
            return prepared.PrivateSection(result.Hits[0].Section);
        }

        // A "did you mean" is no good match either: both tell editors what the article lacks.
        counts?.UnansweredSearch(request.Platform, request.TenantId, topic);
        if (result.Hits.Count > 0)
        {
            metrics.Searched(request, SearchResultKind.Suggestions);
            return Il6HelpReplies.DidYouMean(topic, result);
        }

        metrics.Searched(request, SearchResultKind.NoMatch);
        return Il6HelpReplies.NoMatch(topic, prepared.TopicList);
    }

    private static Choice ToChoice(ContentSection section)
    {
        var name = TextCut.Truncate($"{section.Id} — {section.Title}", MaxChoiceNameLength, atWord: false);
        return new Choice(name, section.Id);
    }
}
