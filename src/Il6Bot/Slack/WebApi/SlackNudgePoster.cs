using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Posts nudges with <c>chat.postMessage</c>. The idempotency key rides in message metadata (<c>il6bot_nudge</c>),
/// so <see cref="FindPostedAsync"/> can tell whether a post went out after an ambiguous failure (5xx, timeout,
/// broken connection), where Slack may have posted although we saw an error. Slack drops no repeated post, so the
/// generic HTTP retry never resends <c>chat.postMessage</c>, and this class makes one attempt: whether to look it
/// up and post again is the <see cref="ExactlyOncePolicy"/>'s decision.
/// </summary>
public sealed partial class SlackNudgePoster(SlackApiClient api, ISlackTokenSource tokens, ILogger<SlackNudgePoster> logger) : INudgePoster
{
    private const string MetadataEventType = "il6bot_nudge";

    /// <summary>How far back <see cref="FindPostedAsync"/> pages through history before answering "unknown".</summary>
    private const int MaxHistoryPages = 5;

    private const int HistoryPageSize = 200;

    public Platform Platform => Platform.Slack;

    /// <summary>No idempotency window (a repeated <c>chat.postMessage</c> is a second message); a lookup by metadata key.</summary>
    public DeliveryGuarantees Guarantees { get; } = new(TimeSpan.Zero, FindsPostsByKey: true);

    /// <summary>Posts with the default workspace's token (<c>Slack:BotToken</c>); <see cref="ForTenant"/> names the workspace.</summary>
    public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken) =>
        PostAsync(null, channelId, message, idempotencyKey, cancellationToken);

    private async Task<PostResult> PostAsync(string? teamId, string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        SlackMessage rendered;
        try
        {
            rendered = SlackReplyRenderer.Render(message);
        }
        catch (SlackLimitException ex)
        {
            return PostResult.Permanent("The nudge is too long for a Slack message: " + ex.Message);
        }

        var request = new ChatPostMessageRequest(
            channelId,
            rendered.Text,
            rendered.Blocks,
            new SlackMessageMetadata(MetadataEventType, new SlackNudgeMetadataPayload(idempotencyKey)));
        if (await TokenAsync(teamId, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return PostResult.Permanent(NotInstalled);
        }

        var result = await api.PostMessageAsync(token, request, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            return result.Value?.Ts is { Length: > 0 } ts
                ? PostResult.Posted(ts)
                : PostResult.Ambiguous("Slack accepted the message but returned no timestamp");
        }

        if (result.ErrorCode is { } error && PermanentReason(error) is { } reason)
        {
            LogPermanent(channelId, error);
            ForgetRefusedToken(teamId, error);
            return PostResult.Permanent(reason);
        }

        if (result.Outcome == ApiOutcome.Ambiguous)
        {
            // A 5xx, a timeout, a lost connection, or an error Slack documents as possibly partial: it may have posted.
            if (result.StatusCode == 0)
            {
                LogCallFailed(channelId, result.Problem);
            }

            return PostResult.Ambiguous(result.Problem!);
        }

        // Refused (429s were already retried by SlackRateLimitHandler) or not sent at all: nothing was posted.
        if (result.ErrorCode is { } refused)
        {
            LogTransient(channelId, refused);
        }
        else
        {
            LogCallFailed(channelId, result.Problem);
        }

        return PostResult.Transient(result.Problem + ".");
    }

    public async Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken)
    {
        if (await TokenAsync(tenantId, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return ChannelCheck.No(NotInstalled);
        }

        var info = await api.ConversationInfoAsync(token, channelId, cancellationToken).ConfigureAwait(false);
        if (info.IsSuccess)
        {
            return info.Value?.Channel switch
            {
                null => ChannelCheck.No("Slack did not describe that channel."),
                { IsArchived: true } => ChannelCheck.No("That channel is archived."),
                { IsMember: false } => ChannelCheck.No("I'm not in that channel yet: invite me with /invite @Il6Bot, then try again."),
                _ => ChannelCheck.Ok,
            };
        }

        switch (info.ErrorCode)
        {
            case "channel_not_found":
                return ChannelCheck.No("I can't see that channel. If it is private, invite me with /invite @Il6Bot first.");
            case { } error:
                ForgetRefusedToken(tenantId, error);
                return ChannelCheck.No(PermanentReason(error) ?? $"Slack could not check the channel ({error}); please try again.");
            default:
                LogCallFailed(channelId, info.Problem);
                return ChannelCheck.No("Slack could not be reached to check the channel; please try again.");
        }
    }

    /// <summary>Looks up with the default workspace's token; <see cref="ForTenant"/> names the workspace.</summary>
    public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        FindPostedAsync(null, channelId, idempotencyKey, since, cancellationToken);

    private async Task<LookupResult> FindPostedAsync(string? teamId, string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (await TokenAsync(teamId, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return LookupResult.Unknown;
        }

        var oldest = (since.ToUnixTimeMilliseconds() / 1000m).ToString("0.000000", CultureInfo.InvariantCulture);
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var read = await api.ConversationHistoryAsync(token, channelId, oldest, HistoryPageSize, cursor, cancellationToken).ConfigureAwait(false);
            if (read.Value is not { Ok: true } history)
            {
                if (read.ErrorCode is { } error)
                {
                    LogLookupFailed(channelId, error);
                }
                else
                {
                    LogCallFailed(channelId, read.Problem);
                }

                return LookupResult.Unknown;
            }

            var match = history.Messages?.FirstOrDefault(m =>
                m.Metadata is { EventType: MetadataEventType } metadata && metadata.EventPayload.Key == idempotencyKey);
            if (match?.Ts is { Length: > 0 } ts)
            {
                return LookupResult.Found(ts);
            }

            cursor = history.ResponseMetadata?.NextCursor;
            if (!history.HasMore || string.IsNullOrEmpty(cursor))
            {
                return LookupResult.NotFound;
            }
        }

        // More history than we are willing to read: saying "not posted" could cause a duplicate.
        return LookupResult.Unknown;
    }

    /// <summary>Errors that retrying cannot fix, with what a moderator should do about them; null for the rest.</summary>
    private static string? PermanentReason(string error) => error switch
    {
        "not_in_channel" => "I'm not in that channel: invite me with /invite @Il6Bot.",
        "channel_not_found" => "The channel no longer exists, or I can't see it.",
        "is_archived" => "The channel is archived.",
        "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive" => "My Slack token is invalid or revoked (reinstall the app, or check Slack:BotToken).",
        "missing_scope" => "The Slack app lacks a permission it needs (add the chat:write and channels:read scopes and reinstall).",
        "restricted_action" => "This workspace does not allow me to post in that channel.",
        "msg_too_long" or "invalid_blocks" or "invalid_metadata_format" => "Slack rejected the message format.",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a nudge for channel {Channel}: {Error} (permanent)")]
    private partial void LogPermanent(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a nudge for channel {Channel}: {Error}")]
    private partial void LogTransient(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack call for channel {Channel} failed: {Problem}")]
    private partial void LogCallFailed(string channel, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a nudge in channel {Channel} failed: {Error}")]
    private partial void LogLookupFailed(string channel, string error);
}
