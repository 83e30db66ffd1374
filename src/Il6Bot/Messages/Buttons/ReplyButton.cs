namespace Il6Bot.Messages.Buttons;

/// <summary>
/// A button under a reply. Platforms carry its action as a <see cref="ButtonId"/> string, so a click needs nothing
/// remembered: it works after a restart, an upgrade, and on any instance.
/// </summary>
public sealed record ReplyButton
{
    /// <summary>The shorter of the platforms' label limits (Discord 80, Slack's button text 75).</summary>
    public const int MaxLabelLength = 75;

    public ReplyButton(string label, ButtonAction action)
    {
        Label = TextCut.Truncate(label, MaxLabelLength, atWord: true);
        Action = action;
        Id = ButtonId.Encode(action);
    }

    public string Label { get; }

    public ButtonAction Action { get; }

    /// <summary>The encoded action: Discord's <c>custom_id</c>, Slack's <c>action_id</c> and <c>value</c>.</summary>
    public string Id { get; }
}
