using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Il6Bot.Observability;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>
/// Posts one claimed delivery through the <see cref="ExactlyOncePolicy"/> and records its outcome. Shared by the
/// scheduler's tick, the resolution of stale deliveries (see the other part of this class) and <c>/nudge send</c>,
/// so every post of a nudge goes through the same policy with the same idempotency key.
/// </summary>
public sealed partial class NudgeDispatcher
{
    private readonly INudgeStore _store;
    private readonly IContentStore _content;
    private readonly Dictionary<Platform, INudgePoster> _posters;
    private readonly ExactlyOncePolicy _policy;
    private readonly Il6BotMetrics _metrics;
    private readonly ILogger<NudgeDispatcher> _logger;
    private readonly InsightsRecorder? _insights;
    private readonly FailingScheduleNotifier? _failures;

    public NudgeDispatcher(
        INudgeStore store,
        IContentStore content,
        IEnumerable<INudgePoster> posters,
        ExactlyOncePolicy policy,
        Il6BotMetrics metrics,
        ILogger<NudgeDispatcher> logger,
        InsightsRecorder? insights = null,
        FailingScheduleNotifier? failures = null)
    {
        _insights = insights;
        _failures = failures;
        _store = store;
        _content = content;
        _posters = [];
        foreach (var poster in posters)
        {
            // Last registration wins, like other DI overrides (tests replace a platform's poster).
            _posters[poster.Platform] = poster;
        }

        _policy = policy;
        _metrics = metrics;
        _logger = logger;
    }

    public INudgePoster? PosterFor(Platform platform) => _posters.GetValueOrDefault(platform);

    /// <summary>The nudges of the current content; empty before content is loaded.</summary>
    public IReadOnlyList<NudgeText> Nudges => _content.Current?.Nudges ?? [];

    /// <summary>The nudge at a rotation position: positions wrap, so a schedule cycles through all in order.</summary>
    public NudgeText? NudgeAt(int position) => NudgeAt(position, topics: null);

    /// <summary>
    /// The nudge at a rotation position among those backed by <paramref name="topics"/> (see <see cref="NudgeTopics"/>):
    /// positions wrap within that set, so a schedule posts each of its nudges once before any again.
    /// </summary>
    public NudgeText? NudgeAt(int position, string? topics)
    {
        var nudges = NudgeTopics.Rotation(Nudges, topics);
        return nudges.Count == 0 ? null : nudges[(int)((uint)position % (uint)nudges.Count)];
    }

    /// <summary>The message a schedule posts for <paramref name="nudge"/>: the nudge, pinging the schedule's mention.</summary>
    public static Reply MessageFor(NudgeSchedule schedule, NudgeText nudge) => NudgeReply.From(nudge, schedule.Id) with { Mention = schedule.Mention };

    /// <summary>Posts a message that has no delivery row (<c>/nudge send</c>) through the same policy.</summary>
    public Task<PostResult> PostAsync(INudgePoster poster, string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken) =>
        _policy.PostAsync(poster, channelId, message, idempotencyKey, cancellationToken);

    /// <summary>
    /// Posts <paramref name="delivery"/> for <paramref name="schedule"/> where and as it was claimed, and completes the
    /// delivery row.
    /// </summary>
    public async Task<PostResult> PostAndCompleteAsync(NudgeSchedule schedule, NudgeDelivery delivery, CancellationToken cancellationToken)
    {
        // The caller read the schedule before claiming it, and an edit of channel, mention or topics leaves the next
        // run alone, so it can land in between and be confirmed to the moderator; the claim recorded the schedule as
        // it was claimed, and that is what goes out.
        schedule = AsClaimed(schedule, delivery);
        var result = await PostAsync(schedule, delivery, cancellationToken).ConfigureAwait(false);
        _metrics.NudgePosted(schedule.Platform, result.Outcome, delivery.OccurrenceUtc);
        await CompleteAsync(schedule, delivery, result, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PostOutcome.Posted && NudgeAt(delivery.NudgeIndex, schedule.Topics) is { } nudge)
        {
            RecordPosted(schedule.Platform, schedule.TenantId, schedule.Id, nudge);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="schedule"/> posting where and as <paramref name="delivery"/> was claimed; as it is now for a
    /// delivery claimed before deliveries recorded that.
    /// </summary>
    internal static NudgeSchedule AsClaimed(NudgeSchedule schedule, NudgeDelivery delivery) =>
        delivery.ChannelId is null ? schedule : schedule with { ChannelId = delivery.ChannelId, Mention = delivery.Mention, Topics = delivery.Topics };

    /// <summary>Counts a posted nudge for <c>/insights</c>; <paramref name="scheduleId"/> is <see cref="NudgeReply.ManualScheduleId"/> for <c>/nudge send</c>.</summary>
    public void RecordPosted(Platform platform, string tenantId, string scheduleId, NudgeText nudge) =>
        _insights?.NudgePosted(platform, tenantId, scheduleId, nudge.Id);

    /// <summary>
    /// Records a post's result on the delivery and the schedule (last result, failing flag), and tells the moderator
    /// when this result turned the schedule failing.
    /// </summary>
    private async Task CompleteAsync(NudgeSchedule schedule, NudgeDelivery delivery, PostResult result, CancellationToken cancellationToken)
    {
        // A post clears the failing mark (the cause was fixed); a transient failure leaves it as it was, so a
        // schedule that is still broken is not announced again after a 5xx in between.
        var (state, failing) = result.Outcome switch
        {
            PostOutcome.Posted => (DeliveryState.Sent, (bool?)false),
            PostOutcome.PermanentFailure => (DeliveryState.Failed, true),
            _ => (DeliveryState.Failed, null),
        };

        // Not cancellable: once the platform has the message, losing this write on shutdown would leave a
        // stale "sending" row that the next start has to guess about.
        var turnedFailing = await _store.CompleteAsync(delivery.Id, state, result.MessageId, result.Error, failing, CancellationToken.None).ConfigureAwait(false);
        if (turnedFailing && _failures is not null)
        {
            await _failures.NotifyAsync(schedule, delivery.OccurrenceLocal, result.Error ?? "the platform refused the post", delivery.IdempotencyKey + "-dm", cancellationToken).ConfigureAwait(false);
        }

        switch (result.Outcome)
        {
            case PostOutcome.Posted:
                LogPosted(schedule.Id, delivery.OccurrenceLocal, schedule.Platform, schedule.ChannelId, result.MessageId);
                break;
            case PostOutcome.PermanentFailure:
                LogPermanentFailure(schedule.Id, delivery.OccurrenceLocal, result.Error);
                break;
            default:
                LogTransientFailure(schedule.Id, delivery.OccurrenceLocal, result.Error);
                break;
        }
    }

    private async Task<PostResult> PostAsync(NudgeSchedule schedule, NudgeDelivery delivery, CancellationToken cancellationToken)
    {
        var nudge = NudgeAt(delivery.NudgeIndex, schedule.Topics);
        if (nudge is null)
        {
            return PostResult.Transient("no nudges are loaded");
        }

        var poster = PosterFor(schedule.Platform);
        if (poster is null)
        {
            return PostResult.Transient($"this bot has no {schedule.Platform} connection configured");
        }

        try
        {
            return await _policy.PostAsync(poster.ForTenant(schedule.TenantId), schedule.ChannelId, MessageFor(schedule, nudge), delivery.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-post: the row stays "sending" and the next start resolves it.
            throw;
        }
        catch (Exception ex)
        {
            LogPosterThrew(ex, schedule.Id, schedule.Platform);
            return PostResult.Transient(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge {ScheduleId} for {Occurrence} posted to {Platform} channel {ChannelId} as {MessageId}")]
    private partial void LogPosted(string scheduleId, string occurrence, Platform platform, LogText channelId, LogText messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge {ScheduleId} for {Occurrence} failed permanently; schedule marked failing: {Error}")]
    private partial void LogPermanentFailure(string scheduleId, string occurrence, LogText error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge {ScheduleId} for {Occurrence} failed: {Error}")]
    private partial void LogTransientFailure(string scheduleId, string occurrence, LogText error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poster for {Platform} threw while posting nudge {ScheduleId}")]
    private partial void LogPosterThrew(Exception ex, string scheduleId, Platform platform);
}
