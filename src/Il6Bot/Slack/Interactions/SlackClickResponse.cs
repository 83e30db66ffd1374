using Il6Bot.Commands.Buttons;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Slack.Interactions;

/// <summary>
/// A click's answer as the JSON body POSTed to its <c>response_url</c>: the slash-command answer of the reply
/// (prepared at content load for sections, so a click on a topic costs what <c>/il6 topic</c> does) with
/// <c>replace_original</c> in front. <see cref="ClickDelivery"/> decides where it shows: PrivateMessage is
/// <c>response_type: ephemeral</c>, ReplacePrivateMessage replaces the clicked private message, PublicMessage is
/// <c>response_type: in_channel</c>.
/// </summary>
public static class SlackClickResponse
{
    private static ReadOnlySpan<byte> ReplaceOriginal => "{\"replace_original\":true,"u8;

    private static ReadOnlySpan<byte> KeepOriginal => "{\"replace_original\":false,"u8;

    /// <exception cref="SlackLimitException">The reply does not fit one Slack message.</exception>
    public static byte[] ToJson(ClickAnswer answer, SlackRenderCache renderCache)
    {
        var reply = answer.Reply;
        var ephemeral = answer.Delivery != ClickDelivery.PublicMessage;
        if (reply.Ephemeral != ephemeral)
        {
            // Where it shows is the delivery's to say; such a reply is not a prepared one.
            reply = reply with { Ephemeral = ephemeral };
        }

        var body = renderCache.TryGet(reply, out var prepared) ? prepared : SlackReplyRenderer.ToCommandResponseJson(reply);
        var prefix = answer.Delivery == ClickDelivery.ReplacePrivateMessage ? ReplaceOriginal : KeepOriginal;

        // The answer is a JSON object: its opening brace gives way to the prefix's, the rest follows unchanged.
        var json = new byte[prefix.Length + body.Length - 1];
        prefix.CopyTo(json);
        body.AsSpan(1).CopyTo(json.AsSpan(prefix.Length));
        return json;
    }
}
