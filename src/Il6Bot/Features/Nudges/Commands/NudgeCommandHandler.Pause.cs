using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge pause</c> and <c>/nudge resume</c>: stop and restart a schedule without losing its place in the rotation.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> PauseAsync(CommandRequest request, bool paused, CancellationToken cancellationToken)
    {
        var verb = paused ? "pause" : "resume";
        var id = NudgeInput.ScheduleId(request.Option("id"));
        if (id is null)
        {
            return Error($"Say which schedule: `/nudge {verb} n7` (ids are in `/nudge list`).");
        }

        var schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
        if (schedule is null)
        {
            return NotHere(id, request.TenantNoun);
        }

        if (schedule.Paused == paused)
        {
            return Reply.EphemeralText(paused ? $"{id} is already paused." : $"{id} is not paused.");
        }

        // Resuming starts from the next occurrence after now, so weeks spent paused are not caught up, and on a day
        // that has not had its run yet, so a run moved later by an edit does not come round again the same day.
        var next = paused ? schedule.NextRunUtc : await NextRunOnAFreeDayAsync(schedule.Id, WeeklySlot.Of(schedule), cancellationToken).ConfigureAwait(false);
        if (!await _store.SetPausedAsync(request.Platform, request.TenantId, id, paused, next, cancellationToken).ConfigureAwait(false))
        {
            return NotHere(id, request.TenantNoun);
        }

        if (!paused)
        {
            _wakeup?.ScheduleChanged(next);
        }

        LogPaused(id, paused, request.Platform, request.TenantId, request.UserId);
        return paused
            ? Reply.EphemeralText($"Paused {id}. Nothing is posted until `/nudge resume {id}`.")
            : Admin([new ParagraphBlock([new TextInline($"Resumed {id}. Next run: "), .. RunParagraph(next, schedule.TimeZoneId).Inlines])]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} paused={Paused} on {Platform} {TenantId} (by {UserId})")]
    private partial void LogPaused(string scheduleId, bool paused, Platform platform, LogText tenantId, LogText userId);
}
