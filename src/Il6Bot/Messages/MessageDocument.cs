namespace Il6Bot.Messages;

/// <summary>
/// The platform-neutral message model: built once from Markdown (see <see cref="MarkdownMessageParser"/>)
/// and walked by each platform renderer. Renderers never see Markdown source text.
/// </summary>
public sealed record MessageDocument(IReadOnlyList<MessageBlock> Blocks)
{
    public static MessageDocument Empty { get; } = new([]);

    public bool IsEmpty => Blocks.Count == 0;
}

public abstract record MessageBlock;

public sealed record ParagraphBlock(IReadOnlyList<MessageInline> Inlines) : MessageBlock;

public sealed record HeadingBlock(int Level, IReadOnlyList<MessageInline> Inlines) : MessageBlock;

/// <summary>A bullet or numbered list; each item is itself a list of blocks.</summary>
public sealed record ListBlock(bool Ordered, IReadOnlyList<IReadOnlyList<MessageBlock>> Items) : MessageBlock;

public sealed record QuoteBlock(IReadOnlyList<MessageBlock> Blocks) : MessageBlock;

public sealed record CodeBlock(string Code) : MessageBlock;

public abstract record MessageInline;

public sealed record TextInline(string Text) : MessageInline;

public sealed record StrongInline(IReadOnlyList<MessageInline> Inlines) : MessageInline;

public sealed record EmphasisInline(IReadOnlyList<MessageInline> Inlines) : MessageInline;

public sealed record LinkInline(string Url, IReadOnlyList<MessageInline> Inlines) : MessageInline
{
    /// <summary>The link's text is its URL (an autolink, <c>&lt;https://…&gt;</c>): renderers show it once.</summary>
    public bool ShowsItsUrl => Inlines is [TextInline { Text: var text }] && text == Url;
}

public sealed record CodeInline(string Code) : MessageInline;

public sealed record LineBreakInline : MessageInline;

/// <summary>A moment shown in each reader's own locale where the platform can (Discord <c>&lt;t:unix:F&gt;</c>,
/// Slack <c>&lt;!date^…&gt;</c>); <paramref name="Fallback"/> is the text used elsewhere.</summary>
public sealed record TimestampInline(DateTimeOffset Instant, string Fallback) : MessageInline;

/// <summary>A channel reference, rendered as a native channel mention (<c>&lt;#id&gt;</c>) where the platform has one.</summary>
public sealed record ChannelInline(string ChannelId) : MessageInline;

/// <summary>
/// A member, rendered as a native mention (<c>&lt;@id&gt;</c>) where the platform has one. It never pings: every
/// message the bot sends allows no mentions unless a moderator chose one for a schedule.
/// </summary>
public sealed record UserInline(string UserId) : MessageInline;
