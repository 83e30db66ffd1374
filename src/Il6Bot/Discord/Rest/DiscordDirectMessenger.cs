using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Messages;
using Il6Bot.Transports;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// Direct messages on Discord: open the DM channel with the member (<c>POST /users/@me/channels</c>, which returns the
/// existing one when there is one), then post to it like any channel, with a nonce so the transport's own resend of a
/// 5xx cannot post it twice. A member who does not accept DMs from server members answers 50007.
/// </summary>
public sealed class DiscordDirectMessenger(DiscordRestClient rest) : IDirectMessenger
{
    private const int CannotSendToUser = 50007;

    public Platform Platform => Platform.Discord;

    public async Task<DirectMessageResult> SendAsync(string tenantId, string userId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        var dm = await rest.CreateDmAsync(userId, cancellationToken).ConfigureAwait(false);
        if (dm.Value is not { Id.Length: > 0 } channel)
        {
            return DirectMessageResult.Failed(dm.IsSuccess ? "Discord opened no DM channel" : "opening the DM channel failed: " + dm.Problem);
        }

        var messages = DiscordReplyRenderer.Render(message with { Ephemeral = false });
        for (var i = 0; i < messages.Count; i++)
        {
            var payload = messages[i] with { Nonce = DiscordNudgePoster.Nonce(idempotencyKey, i), EnforceNonce = true };
            var posted = await rest.CreateMessageAsync(channel.Id, payload, cancellationToken).ConfigureAwait(false);
            if (!posted.IsSuccess)
            {
                return DirectMessageResult.Failed(Code(posted) == CannotSendToUser
                    ? "the member does not accept direct messages from the bot (Discord code 50007)"
                    : posted.Problem ?? "Discord refused the message");
            }
        }

        return DirectMessageResult.Sent;
    }

    private static int? Code(ApiResult result) =>
        int.TryParse(result.ErrorCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
}
