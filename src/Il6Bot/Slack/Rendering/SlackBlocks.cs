using System.Text.Json.Serialization;

namespace Il6Bot.Slack.Rendering;

// Each Block Kit limit (docs.slack.dev, "Blocks" and "Block elements" references) is a constant on the record it
// limits, so the record and what may go in it read together; the renderers stay within them.

/// <summary>A Block Kit layout block; the <c>type</c> discriminator is what Slack reads.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SlackHeaderBlock), "header")]
[JsonDerivedType(typeof(SlackSectionBlock), "section")]
[JsonDerivedType(typeof(SlackContextBlock), "context")]
[JsonDerivedType(typeof(SlackActionsBlock), "actions")]
public abstract record SlackBlock;

/// <param name="Text">plain_text, at most <see cref="MaxText"/> characters.</param>
public sealed record SlackHeaderBlock(SlackText Text) : SlackBlock
{
    public const int MaxText = 150;
}

/// <param name="Text">mrkdwn, at most <see cref="MaxText"/> characters.</param>
public sealed record SlackSectionBlock(SlackText Text) : SlackBlock
{
    public const int MaxText = 3000;
}

/// <param name="Elements">Text objects, each at most <see cref="MaxText"/> characters.</param>
public sealed record SlackContextBlock(IReadOnlyList<SlackText> Elements) : SlackBlock
{
    public const int MaxText = 3000;
}

/// <param name="Elements">At most <see cref="MaxElements"/>, each <c>action_id</c> unique within the block.</param>
public sealed record SlackActionsBlock(IReadOnlyList<SlackBlockElement> Elements) : SlackBlock
{
    public const int MaxElements = 25;
}

/// <summary>An interactive element of an <c>actions</c> block; only buttons are used.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SlackButtonElement), "button")]
public abstract record SlackBlockElement;

/// <param name="Text">plain_text, at most <see cref="MaxText"/> characters.</param>
/// <param name="ActionId">What a click sends back as <c>actions[0].action_id</c>; at most <see cref="MaxActionId"/>.</param>
/// <param name="Value">Sent back as <c>actions[0].value</c>; at most <see cref="MaxValue"/>.</param>
public sealed record SlackButtonElement(SlackText Text, string ActionId, string Value) : SlackBlockElement
{
    public const int MaxText = 75;
    public const int MaxActionId = 255;
    public const int MaxValue = 2000;
}

/// <summary>A Block Kit text object (<c>plain_text</c> or <c>mrkdwn</c>).</summary>
public sealed record SlackText(string Type, string Text)
{
    public static SlackText Plain(string text) => new("plain_text", text);

    public static SlackText Mrkdwn(string text) => new("mrkdwn", text);
}

/// <summary>A rendered message: fallback text (notifications, screen readers) and the blocks.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks)
{
    public const int MaxBlocks = 50;

    /// <summary>
    /// The top-level <c>text</c> beside <c>blocks</c> is only the fallback for notifications (Slack: "used as a
    /// fallback string to display in notifications"), so it is a preview: the blocks carry the whole answer. A
    /// full copy of a section there would double every answer's size for a push notification nobody reads whole.
    /// </summary>
    public const int MaxFallbackText = 300;
}
