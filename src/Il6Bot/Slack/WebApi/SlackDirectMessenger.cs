using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.Workspaces;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Direct messages on Slack: <c>chat.postMessage</c> with the member's user id as the channel, which Slack delivers in
/// the app's DM with them (the app's Messages tab). Needs <c>chat:write</c>, and <c>im:write</c> where Slack asks for
/// it to open the DM. Slack drops no repeat, so nothing resends it (see <see cref="Il6Bot.Transports.PlatformHttpClient.NonIdempotent"/>).
/// </summary>
public sealed class SlackDirectMessenger(SlackApiClient api, ISlackTokenSource tokens) : IDirectMessenger
{
    public Platform Platform => Platform.Slack;

    public async Task<DirectMessageResult> SendAsync(string tenantId, string userId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        SlackMessage rendered;
        try
        {
            rendered = SlackReplyRenderer.Render(message);
        }
        catch (SlackLimitException ex)
        {
            return DirectMessageResult.Failed("the message is too long for Slack: " + ex.Message);
        }

        // The workspace's own token: with several workspaces installed, another's cannot reach this member.
        var access = await tokens.FindAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (access.Token is null)
        {
            return DirectMessageResult.Failed("Il6Bot is not installed in this workspace any more");
        }

        var result = await api.PostMessageAsync(access.Token, new ChatPostMessageRequest(userId, rendered.Text, rendered.Blocks, null), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? DirectMessageResult.Sent : DirectMessageResult.Failed(result.Problem ?? "Slack refused the message");
    }
}
