using System.Globalization;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Posts nudges with <c>chat.postMessage</c>. The idempotency key rides in message metadata (<c>il6bot_nudge</c>),
/// so <see cref="FindPostedAsync"/> can tell whether a post went out after an ambiguous failure (5xx, timeout,
/// broken connection), where Slack may have posted although we saw an error. Slack drops no repeated post, so the
/// generic HTTP retry never resends <c>chat.postMessage</c>, and this class makes one attempt: whether to look it
/// up and post again is the <see cref="ExactlyOncePolicy"/>'s decision.
/// </summary>
public sealed partial class SlackNudgePoster(SlackApiClient api, ILogger<SlackNudgePoster> logger) : INudgePoster
{
    private const string MetadataEventType = "il6bot_nudge";

    /// <summary>How far back <see cref="FindPostedAsync"/> pages through history before answering "unknown".</summary>
    private const int MaxHistoryPages = 5;

    private const int HistoryPageSize = 200;

    public Platform Platform => Platform.Slack;

    /// <summary>No idempotency window (a repeated <c>chat.postMessage</c> is a second message); a lookup by metadata key.</summary>
    public DeliveryGuarantees Guarantees { get; } = new(TimeSpan.Zero, FindsPostsByKey: true);

    public async Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
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
        try
        {
            var response = await api.PostMessageAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Ts is { Length: > 0 } ts
                ? PostResult.Posted(ts)
                : PostResult.Ambiguous("Slack accepted the message but returned no timestamp");
        }
        catch (SlackApiException ex) when (PermanentReason(ex.Error) is { } reason)
        {
            LogPermanent(channelId, ex.Error);
            return PostResult.Permanent(reason);
        }
        catch (SlackApiException ex) when (ex.Error is "internal_error" or "fatal_error")
        {
            // Slack documents that part of the operation may have succeeded before these.
            return PostResult.Ambiguous($"Slack answered {ex.Error}");
        }
        catch (SlackApiException ex)
        {
            LogTransient(channelId, ex.Error);
            return PostResult.Transient($"Slack answered {ex.Error}.");
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status && (int)status < 500)
        {
            // A 4xx (429s were already retried by SlackRateLimitHandler): Slack refused, nothing was posted.
            LogTransportFailed(ex, channelId);
            return PostResult.Transient($"Slack answered HTTP {(int)status}.");
        }
        catch (BrokenCircuitException ex)
        {
            // The circuit breaker refused before sending: nothing was posted.
            LogTransportFailed(ex, channelId);
            return PostResult.Transient("Slack has been failing; calls are paused for a moment.");
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status)
        {
            return PostResult.Ambiguous($"Slack answered HTTP {(int)status}");
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            LogTransportFailed(ex, channelId);
            return PostResult.Ambiguous(ex is TimeoutRejectedException or OperationCanceledException
                ? "Slack did not answer in time"
                : "Slack could not be reached (" + ex.GetType().Name + ")");
        }
    }

    public async Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken)
    {
        try
        {
            var info = await api.ConversationInfoAsync(channelId, cancellationToken).ConfigureAwait(false);
            return info.Channel switch
            {
                null => ChannelCheck.No("Slack did not describe that channel."),
                { IsArchived: true } => ChannelCheck.No("That channel is archived."),
                { IsMember: false } => ChannelCheck.No("I'm not in that channel yet: invite me with /invite @Il6Bot, then try again."),
                _ => ChannelCheck.Ok,
            };
        }
        catch (SlackApiException ex) when (ex.Error == "channel_not_found")
        {
            return ChannelCheck.No("I can't see that channel. If it is private, invite me with /invite @Il6Bot first.");
        }
        catch (SlackApiException ex)
        {
            return ChannelCheck.No(PermanentReason(ex.Error) ?? $"Slack could not check the channel ({ex.Error}); please try again.");
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            LogTransportFailed(ex, channelId);
            return ChannelCheck.No("Slack could not be reached to check the channel; please try again.");
        }
    }

    public async Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var oldest = (since.ToUnixTimeMilliseconds() / 1000m).ToString("0.000000", CultureInfo.InvariantCulture);
        string? cursor = null;
        try
        {
            for (var page = 0; page < MaxHistoryPages; page++)
            {
                var history = await api.ConversationHistoryAsync(channelId, oldest, HistoryPageSize, cursor, cancellationToken).ConfigureAwait(false);
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
        catch (SlackApiException ex)
        {
            LogLookupFailed(channelId, ex.Error);
            return LookupResult.Unknown;
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            LogTransportFailed(ex, channelId);
            return LookupResult.Unknown;
        }
    }

    /// <summary>Errors that retrying cannot fix, with what a moderator should do about them; null for the rest.</summary>
    private static string? PermanentReason(string error) => error switch
    {
        "not_in_channel" => "I'm not in that channel: invite me with /invite @Il6Bot.",
        "channel_not_found" => "The channel no longer exists, or I can't see it.",
        "is_archived" => "The channel is archived.",
        "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive" => "My Slack token is invalid or revoked (Slack:BotToken).",
        "missing_scope" => "The Slack app lacks a permission it needs (add the chat:write and channels:read scopes and reinstall).",
        "restricted_action" => "This workspace does not allow me to post in that channel.",
        "msg_too_long" or "invalid_blocks" or "invalid_metadata_format" => "Slack rejected the message format.",
        _ => null,
    };

    private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or JsonException or TimeoutRejectedException or BrokenCircuitException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a nudge for channel {Channel}: {Error} (permanent)")]
    private partial void LogPermanent(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a nudge for channel {Channel}: {Error}")]
    private partial void LogTransient(string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack call for channel {Channel} failed")]
    private partial void LogTransportFailed(Exception ex, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a nudge in channel {Channel} failed: {Error}")]
    private partial void LogLookupFailed(string channel, string error);
}
