using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Slack.Workspaces;

namespace Il6Bot.Slack.WebApi;

/// <summary>Which token each call carries: the workspace's own (<see cref="Workspaces.ISlackTokenSource"/>).</summary>
public sealed partial class SlackNudgePoster
{
    private const string NotInstalled = "Il6Bot is not installed in this workspace any more: reinstall it (Add to Slack), then /nudge resume.";

    public INudgePoster ForTenant(string tenantId) => new WorkspacePoster(this, tenantId);

    /// <returns>The token for the workspace, or null when the app is not installed there.</returns>
    private async ValueTask<string?> TokenAsync(string? teamId, CancellationToken cancellationToken) =>
        (await tokens.FindAsync(teamId, cancellationToken).ConfigureAwait(false)).Token;

    /// <summary>A token Slack no longer accepts is read again from the installation next time (it may have been replaced).</summary>
    private void ForgetRefusedToken(string? teamId, string error)
    {
        if (teamId is not null && error is "invalid_auth" or "token_revoked" or "account_inactive" or "not_authed")
        {
            tokens.Forget(teamId);
        }
    }

    /// <summary>The poster bound to one workspace; what the scheduler and <c>/nudge send</c> post through.</summary>
    private sealed class WorkspacePoster(SlackNudgePoster poster, string teamId) : INudgePoster
    {
        public Platform Platform => poster.Platform;

        public DeliveryGuarantees Guarantees => poster.Guarantees;

        public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken) =>
            poster.PostAsync(teamId, channelId, message, idempotencyKey, cancellationToken);

        public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
            poster.CheckChannelAsync(tenantId, channelId, cancellationToken);

        public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
            poster.FindPostedAsync(teamId, channelId, idempotencyKey, since, cancellationToken);

        public INudgePoster ForTenant(string tenantId) => poster.ForTenant(tenantId);
    }
}
