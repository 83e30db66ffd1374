using Il6Bot.Content;
using Il6Bot.Features.Il6.Search;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

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

    /// <summary>
    /// The closest sections, one button each, when no section matched clearly: a click instead of a command to retype
    /// (the console shows each button as the command it stands for).
    /// </summary>
    public static Reply DidYouMean(string query, SearchResult result) =>
        new(null, new MessageDocument([new ParagraphBlock([new TextInline($"Nothing matches “{EchoedInput.Text(query)}” clearly. Did you mean one of these?")])]), [], null, Ephemeral: true)
        {
            Buttons = [.. result.Hits.Take(MaxSuggestions).Select(hit => new ReplyButton(hit.Section.Title, new ButtonAction(ButtonKind.Topic, hit.Section.Id)))],
        };

    public static Reply NoMatch(string query, IReadOnlyList<MessageBlock> topicList)
    {
        List<MessageBlock> blocks = [new ParagraphBlock([new TextInline($"Nothing in the article matches “{EchoedInput.Text(query)}”.")])];
        blocks.AddRange(topicList);
        return new Reply(null, new MessageDocument(blocks), [], null, Ephemeral: true);
    }
}
