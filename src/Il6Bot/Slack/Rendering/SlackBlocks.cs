using System.Text.Json.Serialization;

namespace Il6Bot.Slack.Rendering;

/// <summary>A Block Kit layout block; the <c>type</c> discriminator is what Slack reads.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SlackHeaderBlock), "header")]
[JsonDerivedType(typeof(SlackSectionBlock), "section")]
[JsonDerivedType(typeof(SlackContextBlock), "context")]
[JsonDerivedType(typeof(SlackActionsBlock), "actions")]
public abstract record SlackBlock;

/// <param name="Text">plain_text, at most <see cref="SlackLimits.HeaderText"/> characters.</param>
public sealed record SlackHeaderBlock(SlackText Text) : SlackBlock;

/// <param name="Text">mrkdwn, at most <see cref="SlackLimits.SectionText"/> characters.</param>
public sealed record SlackSectionBlock(SlackText Text) : SlackBlock;

public sealed record SlackContextBlock(IReadOnlyList<SlackText> Elements) : SlackBlock;

/// <param name="Elements">At most <see cref="SlackLimits.ActionElements"/>, each <c>action_id</c> unique within the block.</param>
public sealed record SlackActionsBlock(IReadOnlyList<SlackBlockElement> Elements) : SlackBlock;

/// <summary>An interactive element of an <c>actions</c> block; only buttons are used.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SlackButtonElement), "button")]
public abstract record SlackBlockElement;

/// <param name="Text">plain_text, at most <see cref="SlackLimits.ButtonText"/> characters.</param>
/// <param name="ActionId">What a click sends back as <c>actions[0].action_id</c>; at most <see cref="SlackLimits.ActionId"/>.</param>
/// <param name="Value">Sent back as <c>actions[0].value</c>; at most <see cref="SlackLimits.ButtonValue"/>.</param>
public sealed record SlackButtonElement(SlackText Text, string ActionId, string Value) : SlackBlockElement;

/// <summary>A Block Kit text object (<c>plain_text</c> or <c>mrkdwn</c>).</summary>
public sealed record SlackText(string Type, string Text)
{
    public static SlackText Plain(string text) => new("plain_text", text);

    public static SlackText Mrkdwn(string text) => new("mrkdwn", text);
}

/// <summary>A rendered message: fallback text (notifications, screen readers) and the blocks.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks);
