using Il6Bot.Messages.Buttons;

namespace Il6Bot.Slack.Rendering;

/// <summary>
/// A reply's buttons as one Block Kit <c>actions</c> block. The button's id is both <c>action_id</c> and
/// <c>value</c>: a click sends it back, and it is all the bot needs to answer (see <see cref="ButtonId"/>).
/// </summary>
public static class SlackActions
{
    /// <returns>Null when there are no buttons: Slack refuses an empty actions block.</returns>
    /// <exception cref="SlackLimitException">More buttons than one actions block holds, or an id longer than Slack takes.</exception>
    public static SlackActionsBlock? For(IReadOnlyList<ReplyButton> buttons)
    {
        if (buttons.Count == 0)
        {
            return null;
        }

        if (buttons.Count > SlackActionsBlock.MaxElements)
        {
            throw new SlackLimitException($"The reply has {buttons.Count} buttons; a Slack actions block holds {SlackActionsBlock.MaxElements}.");
        }

        var elements = new List<SlackBlockElement>(buttons.Count);
        HashSet<string>? ids = null;
        foreach (var button in buttons)
        {
            if (button.Id.Length > Math.Min(SlackButtonElement.MaxActionId, SlackButtonElement.MaxValue))
            {
                throw new SlackLimitException($"The button id '{button.Id}' is longer than Slack's action_id limit of {SlackButtonElement.MaxActionId}.");
            }

            // Slack refuses the whole message when two elements of a block share an action_id; the same action twice
            // is one button anyway.
            ids ??= new HashSet<string>(StringComparer.Ordinal);
            if (ids.Add(button.Id))
            {
                elements.Add(new SlackButtonElement(SlackText.Plain(TextTruncation.Truncate(button.Label, SlackButtonElement.MaxText)), button.Id, button.Id));
            }
        }

        return new SlackActionsBlock(elements);
    }
}
