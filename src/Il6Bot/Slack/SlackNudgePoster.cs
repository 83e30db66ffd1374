using System.Globalization;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Messages;
using Il6Bot.Nudges;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Il6Bot.Slack;

/// <summary>
/// Posts nudges with <c>chat.postMessage</c>. The idempotency key rides in message metadata
/// (<c>il6bot_nudge</c>), so <see cref="FindPostedAsync"/> can tell whether a post went out: after a crash, and
/// after an ambiguous failure here (5xx, timeout, broken connection), where Slack may have posted although we
/// saw an error. The generic HTTP retry never resends <c>chat.postMessage</c>; this class does, and only after
/// the lookup says the message is certainly not there.
/// </summary>
public sealed partial class SlackNudgePoster(SlackApiClient api, TimeProvider time, ILogger<SlackNudgePoster> logger) : INudgePoster
{
    public const string MetadataEventType = "il6bot_nudge";

    /// <summary>How far back <see cref="FindPostedAsync"/> pages through history before answering "unknown".</summary>
    public const int MaxHistoryPages = 5;

    /// <summary>At most this many <c>chat.postMessage</c> calls per nudge (429s, which post nothing, aside).</summary>
    public const int MaxPostAttempts = 3;

    /// <summary>Backoff before looking up after the first ambiguous failure; doubles per attempt, plus up to 100 % jitter.</summary>
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// No new attempt starts this long after the first. With the per-attempt timeout and a lookup this keeps a
    /// post well inside <see cref="NudgeScheduler.StaleSendingAfter"/>, so stale-row resolution never races a live post.
    /// </summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(45);

    /// <summary>The lookup reads history from this long before the first attempt (Slack's clock is not ours).</summary>
    public static readonly TimeSpan LookupMargin = TimeSpan.FromMinutes(2);

    private const int HistoryPageSize = 200;

    public Platform Platform => Platform.Slack;

    /// <summary>The wait after ambiguous attempt <paramref name="attempt"/> (1-based); <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan RetryDelay(int attempt, double jitter) =>
        RetryBaseDelay * Math.Pow(2, attempt - 1) * (1 + Math.Clamp(jitter, 0, 1));

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
        var started = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var (result, ambiguity) = await PostOnceAsync(channelId, request, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            // Slack may have posted. Give it a moment to finish what it started, then ask before posting again.
            LogAmbiguous(channelId, attempt, ambiguity!);
            await Task.Delay(RetryDelay(attempt, Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
            var lookup = await FindPostedAsync(channelId, idempotencyKey, started - LookupMargin, cancellationToken).ConfigureAwait(false);
            switch (lookup.Outcome)
            {
                case LookupOutcome.Found:
                    LogFoundAfterAmbiguous(channelId, attempt);
                    return PostResult.Posted(lookup.MessageId!);

                case LookupOutcome.Unknown:
                    return PostResult.Transient($"{ambiguity}; unknown whether Slack posted it, because looking it up failed.");

                case LookupOutcome.NotFound when attempt >= MaxPostAttempts || time.GetUtcNow() - started >= RetryBudget:
                    return PostResult.Transient($"{ambiguity}; not posted after {attempt} attempts.");

                default:
                    LogRetrying(channelId, attempt + 1);
                    break;
            }
        }
    }

    /// <summary>One <c>chat.postMessage</c>: a final result, or (null, why) when Slack may or may not have posted.</summary>
    private async Task<(PostResult? Result, string? Ambiguity)> PostOnceAsync(string channelId, ChatPostMessageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await api.PostMessageAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Ts is { Length: > 0 } ts
                ? (PostResult.Posted(ts), null)
                : (null, "Slack accepted the message but returned no timestamp");
        }
        catch (SlackApiException ex) when (PermanentReason(ex.Error) is { } reason)
        {
            LogPermanent(channelId, ex.Error);
            return (PostResult.Permanent(reason), null);
        }
        catch (SlackApiException ex) when (ex.Error is "internal_error" or "fatal_error")
        {
            // Slack documents that part of the operation may have succeeded before these.
            return (null, $"Slack answered {ex.Error}");
        }
        catch (SlackApiException ex)
        {
            LogTransient(channelId, ex.Error);
            return (PostResult.Transient($"Slack answered {ex.Error}."), null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status && (int)status < 500)
        {
            // A 4xx (429s were already retried by SlackRateLimitHandler): Slack refused, nothing was posted.
            LogTransportFailed(ex, channelId);
            return (PostResult.Transient($"Slack answered HTTP {(int)status}."), null);
        }
        catch (BrokenCircuitException ex)
        {
            // The circuit breaker refused before sending: nothing was posted.
            LogTransportFailed(ex, channelId);
            return (PostResult.Transient("Slack has been failing; calls are paused for a moment."), null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status)
        {
            return (null, $"Slack answered HTTP {(int)status}");
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            LogTransportFailed(ex, channelId);
            return (null, ex is TimeoutRejectedException or OperationCanceledException
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
    public static string? PermanentReason(string error) => error switch
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posting a nudge to channel {Channel} failed ambiguously (attempt {Attempt}): {Ambiguity}; looking it up before posting again")]
    private partial void LogAmbiguous(string channel, int attempt, string ambiguity);

    [LoggerMessage(Level = LogLevel.Information, Message = "The nudge for channel {Channel} was posted despite the failure of attempt {Attempt}; not posting again")]
    private partial void LogFoundAfterAmbiguous(string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The nudge for channel {Channel} is certainly not posted; attempt {Attempt}")]
    private partial void LogRetrying(string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a nudge in channel {Channel} failed: {Error}")]
    private partial void LogLookupFailed(string channel, string error);
}
