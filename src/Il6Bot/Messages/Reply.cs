using Il6Bot.Messages.Buttons;

namespace Il6Bot.Messages;

/// <summary>
/// What a command answers or a nudge posts, before any platform sees it. Adapters map it to a Discord
/// embed, Slack blocks or console text.
/// </summary>
/// <param name="Title">Shown as embed title / header block; optional.</param>
/// <param name="Body">Main text.</param>
/// <param name="Fields">Sub-sections (Discord embed fields, Slack sections under a bold title).</param>
/// <param name="Footer">Small print (embed footer, Slack context block).</param>
/// <param name="Ephemeral">Only the invoking user sees it.</param>
public sealed record Reply(
    string? Title,
    MessageDocument Body,
    IReadOnlyList<ReplyField> Fields,
    string? Footer,
    bool Ephemeral)
{
    /// <summary>
    /// Buttons under the reply, in order (Discord: rows of 5; Slack: one <c>actions</c> block; console: the commands
    /// they stand for). At most <see cref="MaxButtons"/>.
    /// </summary>
    public IReadOnlyList<ReplyButton> Buttons
    {
        get;
        init => field = value.Count <= MaxButtons ? value : throw new ArgumentException($"A reply holds at most {MaxButtons} buttons.", nameof(value));
    } = [];

    /// <summary>
    /// Who this message pings (a scheduled nudge's mention), or null: nobody. Adapters put it where their platform
    /// notifies (Discord message content with <c>allowed_mentions</c> naming only it, Slack message text) and let
    /// nothing else in the message ping.
    /// </summary>
    public MentionTarget? Mention { get; init; }

    /// <summary>Discord's 5 rows of 5; Slack's actions block holds 25 elements too.</summary>
    public const int MaxButtons = 25;

    public static Reply EphemeralText(string markdown) =>
        new(null, MarkdownMessageParser.Parse(markdown), [], null, Ephemeral: true);

    public static Reply PublicText(string markdown) =>
        new(null, MarkdownMessageParser.Parse(markdown), [], null, Ephemeral: false);
}

public sealed record ReplyField(string Title, MessageDocument Body);
