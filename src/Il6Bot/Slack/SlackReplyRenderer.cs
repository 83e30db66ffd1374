using System.Text.Json;
using Il6Bot.Messages;

namespace Il6Bot.Slack;

/// <summary>
/// Maps a neutral <see cref="Reply"/> to Block Kit: a header for the title, mrkdwn sections for the body, one
/// section per field under its bold title, a context block for the footer, and a plain fallback text.
/// </summary>
public static class SlackReplyRenderer
{
    /// <exception cref="SlackLimitException">The reply needs more than 50 blocks, or holds an element that no split can fit.</exception>
    public static SlackMessage Render(Reply reply)
    {
        var blocks = new List<SlackBlock>();
        if (!string.IsNullOrWhiteSpace(reply.Title))
        {
            blocks.Add(new SlackHeaderBlock(SlackText.Plain(TextTruncation.Truncate(reply.Title.Trim(), SlackLimits.HeaderText))));
        }

        AddSections(blocks, SlackMrkdwnLayout.Units(reply.Body.Blocks, SlackLimits.SectionText));

        foreach (var field in reply.Fields)
        {
            var units = new List<MrkdwnUnit>
            {
                new("*" + TextTruncation.TruncateEscaped(field.Title.Trim(), SlackLimits.HeaderText) + "*", string.Empty),
            };
            var body = SlackMrkdwnLayout.Units(field.Body.Blocks, SlackLimits.SectionText);
            units.AddRange(body.Select((unit, i) => i == 0 ? unit with { Separator = "\n" } : unit));
            AddSections(blocks, units);
        }

        if (!string.IsNullOrWhiteSpace(reply.Footer))
        {
            blocks.Add(new SlackContextBlock([SlackText.Mrkdwn(TextTruncation.TruncateEscaped(reply.Footer.Trim(), SlackLimits.ContextText))]));
        }

        if (blocks.Count > SlackLimits.BlocksPerMessage)
        {
            throw new SlackLimitException(
                $"The reply needs {blocks.Count} blocks; Slack allows {SlackLimits.BlocksPerMessage} per message.");
        }

        return new SlackMessage(Fallback(reply), blocks);
    }

    public static SlackCommandResponse ToCommandResponse(Reply reply)
    {
        var message = Render(reply);
        return new SlackCommandResponse(
            reply.Ephemeral ? SlackCommandResponse.Ephemeral : SlackCommandResponse.InChannel,
            message.Text,
            message.Blocks);
    }

    /// <summary>The UTF-8 JSON body of a slash-command answer.</summary>
    public static byte[] ToCommandResponseJson(Reply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(ToCommandResponse(reply), SlackJsonContext.Default.SlackCommandResponse);

    private static void AddSections(List<SlackBlock> blocks, List<MrkdwnUnit> units)
    {
        foreach (var chunk in SlackMrkdwnLayout.Pack(units, SlackLimits.SectionText))
        {
            blocks.Add(new SlackSectionBlock(SlackText.Mrkdwn(chunk)));
        }
    }

    // Slack reads `text` as mrkdwn too, so it is escaped like everything else.
    private static string Fallback(Reply reply)
    {
        var plain = PlainText.Render(reply);
        if (string.IsNullOrWhiteSpace(plain))
        {
            plain = reply.Title ?? "(empty message)";
        }

        return TextTruncation.TruncateEscaped(plain, SlackLimits.FallbackText);
    }
}
