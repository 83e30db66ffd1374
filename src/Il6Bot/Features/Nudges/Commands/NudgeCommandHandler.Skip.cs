using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>
/// <c>/nudge skip</c>: the schedule's next run is recorded as skipped when it comes (not posted, not failed, the
/// rotation keeps its place); <c>undo</c> restores it while it is still ahead. The mark is stored, so it survives
/// restarts and holds on every instance.
/// </summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> SkipAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        if (id is null)
        {
            return Error("Say which schedule: `/nudge skip n7` skips its next run, `/nudge skip n7 undo` restores it (ids are in `/nudge list`).");
        }

        var rawUndo = request.Option("undo");
        if (!NudgeInput.TryParseUndo(rawUndo, out var undo))
        {
            return Error($"{Quoted(rawUndo, "That")} is not `undo`. Type `/nudge skip {id}` to skip its next run, or `/nudge skip {id} undo` to restore it.");
        }

        var schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
        if (schedule is null)
        {
            return NotHere(id, request.TenantNoun);
        }

        var next = schedule.NextRunUtc;
        var when = _occurrences.FormatLocalLong(next, schedule.TimeZoneId);
        var skipped = schedule.SkipUtc == next;

        // A run already due may be posting this instant; marking it now could not be honoured.
        var due = next <= _time.GetUtcNow();
        if (undo)
        {
            if (!skipped)
            {
                return Reply.EphemeralText($"{id} has no skipped run to restore: its next run, {when}, posts as usual. `/nudge list` shows what passed.");
            }

            if (due || !await _store.TrySetSkipAsync(request.Platform, request.TenantId, id, next, skip: false, cancellationToken).ConfigureAwait(false))
            {
                return Reply.EphemeralText($"Too late: {id}'s run of {when} has passed and stays skipped. Nothing was changed.");
            }

            LogSkip(id, when, undo, request.Platform, request.TenantId, request.UserId);
            return Admin([new ParagraphBlock([new TextInline($"Restored {id}'s run of {when} ("), Timestamp(next), new TextInline("): it posts as usual.")])]);
        }

        if (schedule.Paused)
        {
            return Reply.EphemeralText($"{id} is paused, so it has no next run to skip. `/nudge resume {id}` first. Nothing was changed.");
        }

        if (skipped)
        {
            return Reply.EphemeralText($"{id}'s run of {when} is already skipped. `/nudge skip {id} undo` restores it.");
        }

        if (due || !await _store.TrySetSkipAsync(request.Platform, request.TenantId, id, next, skip: true, cancellationToken).ConfigureAwait(false))
        {
            return Reply.EphemeralText($"{id}'s run of {when} is going out right now, so it cannot be skipped. Try again in a minute to skip the one after. Nothing was changed.");
        }

        var after = _occurrences.NextAfter(WeeklySlot.Of(schedule), next);
        LogSkip(id, when, undo, request.Platform, request.TenantId, request.UserId);
        return Admin([new ParagraphBlock([
            new TextInline($"Skipped {id}'s run of {when} ("), Timestamp(next),
            new TextInline($"). It is recorded as skipped and the rotation keeps its place: the nudge it would have posted goes out next, {_occurrences.FormatLocalLong(after, schedule.TimeZoneId)}. Changed your mind? "),
            new CodeInline($"/nudge skip {id} undo"), new TextInline(" before then."),
        ])]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Skip of {ScheduleId} run {Occurrence} (undo={Undo}) on {Platform} {TenantId} (by {UserId})")]
    private partial void LogSkip(string scheduleId, string occurrence, bool undo, Platform platform, LogText tenantId, LogText userId);
}
