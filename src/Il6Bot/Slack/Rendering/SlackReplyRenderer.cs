using System.Text.Json;
using Il6Bot.Messages;
using Il6Bot.Slack.WebApi;

namespace Il6Bot.Slack.Rendering;

/// <summary>
/// Maps a neutral <see cref="Reply"/> to Block Kit: a header for the title, mrkdwn sections for the body, one
/// section per field under its bold title, a context block for the footer, one actions block for the buttons, and a
/// plain fallback text.
/// </summary>
public static class SlackReplyRenderer
{
    /// <exception cref="SlackLimitException">The reply needs more than 50 blocks.</exception>
    public static SlackMessage Render(Reply reply) => Render(reply, out _);

    /// <param name="degraded">True when something only fitted by being broken (see <see cref="MessageChunks.Degraded"/>);
    /// content preparation rejects that.</param>
    /// <exception cref="SlackLimitException">The reply needs more than 50 blocks.</exception>
    public static SlackMessage Render(Reply reply, out bool degraded)
    {
        var blocks = new List<SlackBlock>();
        if (!string.IsNullOrWhiteSpace(reply.Title))
        {
            blocks.Add(new SlackHeaderBlock(SlackText.Plain(TextTruncation.Truncate(reply.Title.Trim(), SlackHeaderBlock.MaxText))));
        }

        degraded = AddSections(blocks, reply.Body, firstLine: null);
        foreach (var field in reply.Fields)
        {
            degraded |= AddSections(blocks, field.Body, "*" + TextTruncation.TruncateEscaped(field.Title.Trim(), SlackHeaderBlock.MaxText) + "*");
        }

        if (!string.IsNullOrWhiteSpace(reply.Footer))
        {
            blocks.Add(new SlackContextBlock([SlackText.Mrkdwn(TextTruncation.TruncateEscaped(reply.Footer.Trim(), SlackContextBlock.MaxText))]));
        }

        if (SlackActions.For(reply.Buttons) is { } actions)
        {
            blocks.Add(actions);
        }

        // The mention is the one piece of mark-up left unescaped: it leads the text (what notifies) and the first
        // section (what members see), so it pings exactly that group, once.
        var mention = Mention(reply.Mention);
        if (mention is not null)
        {
            blocks.Insert(0, new SlackSectionBlock(SlackText.Mrkdwn(mention)));
        }

        if (blocks.Count > SlackMessage.MaxBlocks)
        {
            throw new SlackLimitException(
                $"The reply needs {blocks.Count} blocks; Slack allows {SlackMessage.MaxBlocks} per message.");
        }

        return new SlackMessage(mention is null ? Fallback(reply) : mention + " " + Fallback(reply), blocks);
    }

    /// <summary>Slack's mark-up for a mention: <c>&lt;!subteam^ID&gt;</c> for a user group, <c>&lt;!here&gt;</c>.</summary>
    public static string? Mention(MentionTarget? mention) => mention switch
    {
        { Kind: MentionKind.Group, GroupId: { } id } => $"<!subteam^{id}>",
        { Kind: MentionKind.Here } => "<!here>",
        _ => null,
    };

    public static SlackCommandResponse ToCommandResponse(Reply reply) => ToCommandResponse(reply, Render(reply));

    /// <summary>The UTF-8 JSON body of a slash-command answer.</summary>
    public static byte[] ToCommandResponseJson(Reply reply) => ToCommandResponseJson(reply, Render(reply));

    /// <summary>The answer to a slash command, <paramref name="message"/> being <paramref name="reply"/> rendered.</summary>
    internal static byte[] ToCommandResponseJson(Reply reply, SlackMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(ToCommandResponse(reply, message), SlackJsonContext.Default.SlackCommandResponse);

    private static SlackCommandResponse ToCommandResponse(Reply reply, SlackMessage message) =>
        new(
            reply.Ephemeral ? SlackCommandResponse.Ephemeral : SlackCommandResponse.InChannel,
            message.Text,
            message.Blocks);

    private static bool AddSections(List<SlackBlock> blocks, MessageDocument body, string? firstLine)
    {
        var sections = MessageChunker.Split(SlackMrkdwn.Dialect, body, SlackSectionBlock.MaxText, firstLine);
        foreach (var chunk in sections.Chunks)
        {
            blocks.Add(new SlackSectionBlock(SlackText.Mrkdwn(chunk)));
        }

        return sections.Degraded;
    }

    // Slack reads `text` as mrkdwn too, so it is escaped like everything else.
    private static string Fallback(Reply reply)
    {
        var plain = PlainText.Render(reply);
        if (string.IsNullOrWhiteSpace(plain))
        {
            plain = reply.Title ?? "(empty message)";
        }

        return TextTruncation.TruncateEscaped(plain, SlackMessage.MaxFallbackText);
    }
}
