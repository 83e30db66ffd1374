using Il6Bot.Content;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>How a nudge from the content is posted: its title, its text, and a pointer to the backing topic.</summary>
public static class NudgeReply
{
    public const string ReadMoreLabel = "Read more";

    /// <summary>The schedule id that <c>/nudge send</c> posts under, in button ids and insights.</summary>
    public const string ManualScheduleId = "manual";

    /// <param name="scheduleId">The schedule posting it (<see cref="ManualScheduleId"/> for <c>/nudge send</c>), so
    /// a Read more click is counted for that schedule and nudge text; null for a preview, whose clicks count nowhere.</param>
    public static Reply From(NudgeText nudge, string? scheduleId)
    {
        // The content usually ends each nudge with its own "Read more: /il6 topic" line; add the pointer
        // only when the text lacks it, so it is never shown twice.
        var pointer = $"/il6 {nudge.Topic}";
        var hasPointer = PlainText.Render(nudge.Body).Contains(pointer, StringComparison.OrdinalIgnoreCase);
        return new Reply(nudge.Title, nudge.Body, [], hasPointer ? null : $"Read more: {pointer}", Ephemeral: false)
        {
            // Stateless: the ids are the whole of what a click on an old nudge needs, on any instance.
            Buttons = [new ReplyButton(ReadMoreLabel, ReadMore(nudge, scheduleId))],
        };
    }

    private static ButtonAction ReadMore(NudgeText nudge, string? scheduleId)
    {
        if (scheduleId is null)
        {
            return new ButtonAction(ButtonKind.ReadMore, nudge.Topic);
        }

        var counted = new ButtonAction(ButtonKind.NudgeReadMore, new NudgeReadMoreTarget(nudge.Topic, nudge.Id, scheduleId).ToString());

        // Ids that would not fit a custom_id lose the per-schedule count, never the button.
        return ButtonId.Fits(counted) ? counted : new ButtonAction(ButtonKind.ReadMore, nudge.Topic);
    }
}
