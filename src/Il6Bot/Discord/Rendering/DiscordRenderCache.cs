using System.Runtime.CompilerServices;
using System.Text.Json;
using Il6Bot.Content;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Rendering;

/// <summary>
/// The content's fixed replies rendered at load to the exact bytes of their interaction responses, keyed by the
/// reply instance, so the <c>/il6</c> request path is verify, look up, write. A reply that cannot be posted
/// within Discord's limits rejects the content, naming where it is.
/// </summary>
public sealed class DiscordRenderCache : IRenderCache
{
    private readonly ConditionalWeakTable<Reply, DiscordPreparedReply> _byReply = new();

    public void Warm(IReadOnlyList<PreparedReply> replies)
    {
        foreach (var prepared in replies)
        {
            _byReply.AddOrUpdate(prepared.Reply, Prepare(prepared.Reply, prepared.Source));
        }
    }

    public bool TryGet(Reply reply, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DiscordPreparedReply? prepared) =>
        _byReply.TryGetValue(reply, out prepared);

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

        return new DiscordPreparedReply(reply.Ephemeral, CallbackBody(messages[0]), messages, reply.Ephemeral ? UpdateCallbackBody(messages[0]) : null);
    }

    internal static byte[] CallbackBody(DiscordMessagePayload message) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new DiscordInteractionResponse(DiscordCallbackType.ChannelMessageWithSource, message),
            DiscordJsonContext.Default.DiscordInteractionResponse);

    /// <summary>A type 7 (UPDATE_MESSAGE) body.</summary>
    internal static byte[] UpdateCallbackBody(DiscordMessagePayload message) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new DiscordInteractionResponse(DiscordCallbackType.UpdateMessage, AsReplacement(message)),
            DiscordJsonContext.Default.DiscordInteractionResponse);

    /// <summary>
    /// <paramref name="message"/> as an edit of the private message it replaces. Its flags are left out: an edit
    /// cannot change whether a message is private, and the message it replaces already is. Its buttons are always
    /// sent, an empty list when it has none: Discord keeps whatever an edit omits, so the replaced message's buttons
    /// would stay under the new text.
    /// </summary>
    internal static DiscordMessagePayload AsReplacement(DiscordMessagePayload message) =>
        message with { Flags = null, Components = message.Components ?? [] };
}
