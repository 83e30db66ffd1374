using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge preview</c>: what a schedule posts next, shown only to the moderator.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> PreviewAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        NudgeSchedule? schedule;
        if (id is not null)
        {
            schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
            if (schedule is null)
            {
                return NotHere(id, request.TenantNoun);
            }
        }
        else
        {
            // Without an id: what this server will see next, i.e. the soonest active schedule's nudge.
            var schedules = await _store.ListAsync(request.Platform, request.TenantId, cancellationToken).ConfigureAwait(false);
            schedule = schedules.Where(s => !s.Paused).MinBy(s => s.NextRunUtc);
            if (schedule is null)
            {
                return Reply.EphemeralText($"No active nudge schedule here. Create one with {Example}, or post one now with `/nudge send #channel`.");
            }
        }

        var nudge = _dispatcher.NudgeAt(schedule.RotationPosition, schedule.Topics);
        if (nudge is null)
        {
            return NoNudges();
        }

        var when = schedule switch
        {
            { Paused: true } => $"{schedule.Id} is paused; after `/nudge resume {schedule.Id}` it posts this next",
            _ when schedule.SkipUtc == schedule.NextRunUtc =>
                $"{schedule.Id} skips its run of {_occurrences.FormatLocalLong(schedule.NextRunUtc, schedule.TimeZoneId)} (skipped; " +
                $"`/nudge skip {schedule.Id} undo` restores it), then posts this, " +
                _occurrences.FormatLocalLong(_occurrences.NextAfter(WeeklySlot.Of(schedule), schedule.NextRunUtc), schedule.TimeZoneId),
            _ => $"{schedule.Id} posts this next, {_occurrences.FormatLocalLong(schedule.NextRunUtc, schedule.TimeZoneId)}",
        };

        // The preview pings nobody: it shows the mention in words, not the mention itself.
        var nudgeReply = NudgeReply.From(nudge, scheduleId: null);
        var context = new ReplyField("Preview", new MessageDocument([new ParagraphBlock([
            new TextInline($"{when} in "), new ChannelInline(schedule.ChannelId), new TextInline(schedule.Mention is null && schedule.Topics is null ? "." : $" ({SettingsText(schedule)})."),
        ])]));
        return nudgeReply with { Fields = [.. nudgeReply.Fields, context], Ephemeral = true };
    }
}
