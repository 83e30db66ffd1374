using Il6Bot.Commands;
using Il6Bot.Hosting;

namespace Il6Bot.Features.Nudges.Failures;

/// <summary>
/// Tells a schedule's moderator, by direct message, that it has started failing. The dispatcher calls it only for the
/// completion that turned the schedule failing (the store decides that atomically), so the message goes once per
/// failing spell, on one instance; an undeliverable message is logged and left, never retried.
/// </summary>
public sealed partial class FailingScheduleNotifier
{
    private readonly Dictionary<Platform, IDirectMessenger> _messengers = [];
    private readonly ILogger<FailingScheduleNotifier> _logger;

    public FailingScheduleNotifier(IEnumerable<IDirectMessenger> messengers, ILogger<FailingScheduleNotifier> logger)
    {
        foreach (var messenger in messengers)
        {
            // Last registration wins, like the posters (tests replace a platform's messenger).
            _messengers[messenger.Platform] = messenger;
        }

        _logger = logger;
    }

    /// <returns>Whether the moderator was told (for tests and logs; nobody retries on false).</returns>
    public async Task<bool> NotifyAsync(NudgeSchedule schedule, string occurrenceLocal, string reason, string idempotencyKey, CancellationToken cancellationToken)
    {
        var recipient = FailingScheduleNotice.RecipientOf(schedule);
        if (!_messengers.TryGetValue(schedule.Platform, out var messenger))
        {
            LogNoMessenger(schedule.Id, schedule.Platform);
            return false;
        }

        DirectMessageResult result;
        try
        {
            result = await messenger.SendAsync(schedule.TenantId, recipient, FailingScheduleNotice.For(schedule, occurrenceLocal, reason), idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Only the type: an exception message can quote a URL or a response, and this line must hold no secret.
            result = DirectMessageResult.Failed(ex.GetType().Name);
        }

        if (result.Delivered)
        {
            LogTold(schedule.Id, schedule.Platform, recipient);
            return true;
        }

        LogNotDelivered(schedule.Id, schedule.Platform, recipient, result.Problem);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge {ScheduleId} is failing: told {UserId} on {Platform} by direct message")]
    private partial void LogTold(string scheduleId, Platform platform, LogText userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge {ScheduleId} is failing, but the direct message to {UserId} on {Platform} could not be delivered ({Problem}); not retried, /nudge list shows the failure")]
    private partial void LogNotDelivered(string scheduleId, Platform platform, LogText userId, LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge {ScheduleId} is failing, but this bot cannot send direct messages on {Platform}; /nudge list shows the failure")]
    private partial void LogNoMessenger(string scheduleId, Platform platform);
}
