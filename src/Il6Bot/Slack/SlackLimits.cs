namespace Il6Bot.Slack;

/// <summary>Block Kit limits (docs.slack.dev, "Blocks" reference) that every rendered message stays within.</summary>
public static class SlackLimits
{
    public const int HeaderText = 150;

    public const int SectionText = 3000;

    public const int ContextText = 3000;

    public const int BlocksPerMessage = 50;

    /// <summary>Elements of one <c>actions</c> block.</summary>
    public const int ActionElements = 25;

    /// <summary>A button's plain_text label.</summary>
    public const int ButtonText = 75;

    /// <summary>An element's <c>action_id</c>, unique within its block.</summary>
    public const int ActionId = 255;

    /// <summary>A button's <c>value</c>.</summary>
    public const int ButtonValue = 2000;

    /// <summary>
    /// The top-level <c>text</c> beside <c>blocks</c> is only the fallback for notifications (Slack: "used as a
    /// fallback string to display in notifications"), so it is a preview: the blocks carry the whole answer. A
    /// full copy of a section there would double every answer's size for a push notification nobody reads whole.
    /// </summary>
    public const int FallbackText = 300;
}
