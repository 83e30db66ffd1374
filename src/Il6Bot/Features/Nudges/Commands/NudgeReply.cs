using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>How a nudge from the content is posted: its title, its text, and a pointer to the backing topic.</summary>
public static class NudgeReply
{
    public static Reply From(NudgeText nudge)
    {
        // The content usually ends each nudge with its own "Read more: /il6 topic" line; add the pointer
        // only when the text lacks it, so it is never shown twice.
        var pointer = $"/il6 {nudge.Topic}";
        var hasPointer = PlainText.Render(nudge.Body).Contains(pointer, StringComparison.OrdinalIgnoreCase);
        return new Reply(nudge.Title, nudge.Body, [], hasPointer ? null : $"Read more: {pointer}", Ephemeral: false);
    }
}
