using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports.Replay;

namespace Il6Bot.Slack.Events;

/// <summary>
/// Events API events, from <c>POST /slack/events</c> and Socket Mode alike: acknowledged at once, handled after (a
/// shutdown waits for them, like late answers). <c>app_uninstalled</c> and a revoked bot token delete the workspace's
/// installation and pause its schedules, saying why. Each event is handled once: a retry (same <c>event_id</c>) is
/// dropped here, and across instances through the store's handled-requests record.
/// </summary>
public sealed partial class SlackEventHandler(
    ISlackInstallationStore installations,
    ISlackTokenSource tokens,
    INudgeStore schedules,
    [FromKeyedServices(Platform.Slack)] DeadlineResponder responder,
    TimeProvider time,
    ILogger<SlackEventHandler> logger)
{
    /// <summary>How the work is named in the responder's logs.</summary>
    internal const string Work = "slack-event";

    private const string UninstalledReason = "paused: Il6Bot was removed from this workspace (reinstall it, then /nudge resume)";

    private const string RevokedReason = "paused: this workspace revoked Il6Bot's token (reinstall it, then /nudge resume)";

    private readonly RecentAnswers<string, bool> _seen = new(SlackReplayGuard.Capacity, SlackReplayGuard.Lifetime, time);

    /// <summary>Starts handling <paramref name="callback"/>; never throws, returns before the work is done.</summary>
    public void Handle(SlackEventCallback callback)
    {
        if (!callback.RemovesInstallation)
        {
            LogIgnored(callback.EventType);
            return;
        }

        if (!_seen.TryBegin(callback.EventId, out _))
        {
            LogDuplicate(callback.EventId, callback.EventType);
            return;
        }

        _seen.Complete(callback.EventId, true);
        _ = responder.FinishLater(Work, token => RemoveInstallationAsync(callback, token));
    }

    private async Task RemoveInstallationAsync(SlackEventCallback callback, CancellationToken cancellationToken)
    {
        if (!await schedules.TryClaimRequestAsync(Platform.Slack, "event:" + callback.EventId, cancellationToken).ConfigureAwait(false))
        {
            LogDuplicate(callback.EventId, callback.EventType);
            return;
        }

        var team = callback.Team;
        var deleted = await installations.DeleteAsync(team, cancellationToken).ConfigureAwait(false);
        tokens.Forget(team.TeamId);
        var reason = callback.EventType == SlackEventCallback.AppUninstalled ? UninstalledReason : RevokedReason;
        var paused = await schedules.PauseTenantAsync(Platform.Slack, team.TeamId, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogRemoved(callback.EventType, team.TeamId, deleted, paused);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack event {EventType} acknowledged without handling")]
    private partial void LogIgnored(LogText eventType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack event {EventId} ({EventType}) received again: acknowledged, not handled again")]
    private partial void LogDuplicate(LogText eventId, LogText eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {EventType} for workspace {Team}: installation deleted={Deleted}, {Paused} schedule(s) paused")]
    private partial void LogRemoved(LogText eventType, LogText team, bool deleted, int paused);
}
