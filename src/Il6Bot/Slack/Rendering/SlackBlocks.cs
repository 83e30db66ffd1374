using System.Text.Json.Serialization;

namespace Il6Bot.Slack.Rendering;

/// <summary>A Block Kit layout block; the <c>type</c> discriminator is what Slack reads.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SlackHeaderBlock), "header")]
[JsonDerivedType(typeof(SlackSectionBlock), "section")]
[JsonDerivedType(typeof(SlackContextBlock), "context")]
public abstract record SlackBlock;

/// <param name="Text">plain_text, at most <see cref="SlackLimits.HeaderText"/> characters.</param>
public sealed record SlackHeaderBlock(SlackText Text) : SlackBlock;

/// <param name="Text">mrkdwn, at most <see cref="SlackLimits.SectionText"/> characters.</param>
public sealed record SlackSectionBlock(SlackText Text) : SlackBlock;

public sealed record SlackContextBlock(IReadOnlyList<SlackText> Elements) : SlackBlock;

/// <summary>A Block Kit text object (<c>plain_text</c> or <c>mrkdwn</c>).</summary>
public sealed record SlackText(string Type, string Text)
{
    public static SlackText Plain(string text) => new("plain_text", text);

    public static SlackText Mrkdwn(string text) => new("mrkdwn", text);
}

/// <summary>A rendered message: fallback text (notifications, screen readers) and the blocks.</summary>
public sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks);
