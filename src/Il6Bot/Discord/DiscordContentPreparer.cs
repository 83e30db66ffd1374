using System.Text.Json;
using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Discord;

/// <summary>
/// Renders every section once per content load to the exact bytes of its interaction response, so the
/// /il6 request path is verify, look up, write. A section that cannot be posted within Discord's limits
/// rejects the content, naming where the section is.
/// </summary>
public sealed class DiscordContentPreparer : IContentPreparer
{
    public object Prepare(ContentSnapshot snapshot)
    {
        var prepared = new Dictionary<string, DiscordPreparedReply>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in snapshot.AllSections)
        {
            prepared[section.Id] = Prepare(BuildReply(snapshot, section), section.Source);
        }

        return new DiscordPreparedContent(prepared);
    }

    /// <summary>The single point to swap to the /il6 handler's own section reply once it is merged.</summary>
    internal static Reply BuildReply(ContentSnapshot snapshot, ContentSection section) => DiscordSectionReplies.Build(snapshot, section);

    internal static DiscordPreparedReply Prepare(Reply reply, SourceLocation source)
    {
        var messages = DiscordReplyRenderer.Render(reply, out var degraded);
        if (degraded)
        {
            throw new ContentException(source, "a link or word is too long for a Discord embed even when split; shorten it.");
        }

        if (messages.Count > DiscordLimits.MessagesPerReply)
        {
            throw new ContentException(source, $"the section needs {messages.Count} Discord messages (at most {DiscordLimits.MessagesPerReply}); split it into sub-sections or shorten it.");
        }

        return new DiscordPreparedReply(reply.Ephemeral, CallbackBody(messages[0]), messages);
    }

    internal static byte[] CallbackBody(DiscordMessagePayload message) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new DiscordInteractionResponse(DiscordCallbackTypes.ChannelMessageWithSource, message),
            DiscordJsonContext.Default.DiscordInteractionResponse);
}
