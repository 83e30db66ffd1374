using Il6Bot.Content;
using Il6Bot.Features.Il6.Search;
using Il6Bot.Messages;

namespace Il6Bot.Features.Il6;

/// <summary>The ephemeral answers of <c>/il6</c>: usage, "did you mean" and "nothing matched".</summary>
public static class Il6HelpReplies
{
    public const int MaxSuggestions = 3;

    public static Reply Usage(ContentSnapshot snapshot)
    {
        var ids = string.Join(", ", snapshot.AllSections.Select(s => $"`{s.Id}`"));
        return Reply.EphemeralText(
            $"""
            **Usage**

            - `/il6` — the overview and the list of topics
            - `/il6 <topic>` — one section: {ids}
            - `/il6 <words>` — search the article, e.g. `/il6 covid` or `/il6 burn fat`
            """);
    }

    /// <summary>The closest sections as commands to try, when no section matched clearly.</summary>
    public static Reply DidYouMean(string query, SearchResult result)
    {
        var items = result.Hits
            .Take(MaxSuggestions)
            .Select(hit => (IReadOnlyList<MessageBlock>)
                [new ParagraphBlock([new CodeInline($"/il6 {hit.Section.Id}"), new TextInline($" — {hit.Section.Title}")])])
            .ToList();
        List<MessageBlock> blocks =
        [
            new ParagraphBlock([new TextInline($"Nothing matches “{EchoedInput.Text(query)}” clearly. Did you mean:")]),
            new ListBlock(false, items),
        ];
        return new Reply(null, new MessageDocument(blocks), [], null, Ephemeral: true);
    }

    public static Reply NoMatch(string query, IReadOnlyList<MessageBlock> topicList)
    {
        List<MessageBlock> blocks = [new ParagraphBlock([new TextInline($"Nothing in the article matches “{EchoedInput.Text(query)}”.")])];
        blocks.AddRange(topicList);
        return new Reply(null, new MessageDocument(blocks), [], null, Ephemeral: true);
    }
}
