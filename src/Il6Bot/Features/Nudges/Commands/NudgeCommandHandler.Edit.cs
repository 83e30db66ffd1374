using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>
/// <c>/nudge edit</c>: changes only the options given; the id, rotation position, history and creator stay. The write
/// is conditional on the schedule being as it was read (see <see cref="Storage.INudgeStore.TryUpdateAsync"/>), so an
/// edit racing the scheduler loses and is worked out again from what the scheduler did.
/// </summary>
public sealed partial class NudgeCommandHandler
{
    /// <summary>A schedule claimed or skipped this often while one edit is worked out is being hammered; give up.</summary>
    private const int EditAttempts = 3;

    private async Task<Reply> EditAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        if (id is null)
        {
            return Error("Say which schedule and what to change: `/nudge edit n7 time:07:30` (ids are in `/nudge list`).");
        }

        var schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
        if (schedule is null)
        {
            return NotHere(id, request.TenantNoun);
        }

        var (changes, error) = ReadEdit(request, schedule);
        if (error is not null)
        {
            return error;
        }

        if (changes.ChannelId is not null)
        {
            var (channel, channelError) = await CheckChannelAsync(request, cancellationToken).ConfigureAwait(false);
            if (channel is null)
            {
                return channelError!;
            }

            changes = changes with { ChannelId = channel };
        }

        for (var attempt = 0; attempt < EditAttempts; attempt++)
        {
            var edited = await ApplyAsync(schedule, changes.Apply(schedule, request.UserId, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            if (await _store.TryUpdateAsync(schedule, edited, cancellationToken).ConfigureAwait(false))
            {
                var described = WeeklySlot.Of(edited).Describe();
                LogEdited(id, request.Platform, request.TenantId, described, request.UserId);

                // The new next run may be sooner than the one the scheduler sleeps towards.
                _wakeup?.ScheduleChanged(edited.NextRunUtc);
                return Edited(edited);
            }

            // Claimed, skipped or edited meanwhile: start again from what is stored now.
            schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
            if (schedule is null)
            {
                return NotHere(id, request.TenantNoun);
            }
        }

        return Error($"{id} kept changing while I edited it (it is being posted right now). Nothing was changed; try again in a minute.");
    }

    /// <summary>
    /// The edited schedule's next run when its day, time or zone changed (see <see cref="NextRunOnAFreeDayAsync"/>).
    /// A skip moves with the next run.
    /// </summary>
    private async Task<NudgeSchedule> ApplyAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken)
    {
        if (WeeklySlot.Of(before) == WeeklySlot.Of(after))
        {
            return after;
        }

        var next = await NextRunOnAFreeDayAsync(before.Id, WeeklySlot.Of(after), cancellationToken).ConfigureAwait(false);
        return after with { NextRunUtc = next, SkipUtc = before.SkipUtc is null ? null : next };
    }

    /// <summary>
    /// The first occurrence of <paramref name="slot"/> after now, passing over a local date that already had one of
    /// the schedule's runs claimed, posted or skipped on purpose (a run that failed does not count): an edit that moves
    /// today's run later, or a resume after such an edit, never posts today twice.
    /// </summary>
    private async Task<DateTimeOffset> NextRunOnAFreeDayAsync(string scheduleId, WeeklySlot slot, CancellationToken cancellationToken)
    {
        var deliveries = await _store.GetDeliveriesAsync(scheduleId, cancellationToken).ConfigureAwait(false);
        var taken = deliveries
            .Where(d => d.State != DeliveryState.Failed)
            .Select(d => DateOnly.FromDateTime(_occurrences.Local(d.OccurrenceUtc, slot.TimeZoneId).DateTime))
            .ToHashSet();
        var next = _occurrences.NextAfter(slot, _time.GetUtcNow());
        while (taken.Contains(DateOnly.FromDateTime(_occurrences.Local(next, slot.TimeZoneId).DateTime)))
        {
            next = _occurrences.NextAfter(slot, next);
        }

        return next;
    }

    private Reply Edited(NudgeSchedule schedule)
    {
        var runs = _occurrences.NextOccurrences(WeeklySlot.Of(schedule), schedule.NextRunUtc, 2).Prepend(schedule.NextRunUtc).ToList();
        var intro = new ParagraphBlock([
            new TextInline($"Edited {schedule.Id}: {WeeklySlot.Of(schedule).Describe()} in "),
            new ChannelInline(schedule.ChannelId),
            new TextInline($" ({SettingsText(schedule)}){(schedule.Paused ? "; paused" : string.Empty)}. Next runs:"),
        ]);
        return Admin([intro, NudgeRunList.Build(runs, schedule.TimeZoneId, schedule.SkipUtc, _occurrences)]);
    }

    /// <summary>Every option of the edit read and checked; nothing is looked up or stored until all are valid.</summary>
    private (NudgeEdit Changes, Reply? Error) ReadEdit(CommandRequest request, NudgeSchedule schedule)
    {
        var edit = new NudgeEdit();
        if (request.Option("day") is { } rawDay)
        {
            if (!NudgeInput.TryParseDay(rawDay, out var day))
            {
                return (edit, Error($"{Quoted(rawDay, "That")} is not a day of the week. Type one of `mon` `tue` `wed` `thu` `fri` `sat` `sun`. Nothing was changed."));
            }

            edit = edit with { Day = day };
        }

        if (request.Option("time") is { } rawTime)
        {
            if (!NudgeInput.TryParseTime(rawTime, out var time))
            {
                return (edit, Error($"{Quoted(rawTime, "That")} is not a time. Type a 24-hour time as HH:mm, from `00:00` to `23:59`. Nothing was changed."));
            }

            edit = edit with { Time = time };
        }

        if (request.Option("timezone") is { } rawZone)
        {
            if (WeeklyOccurrences.CanonicalZoneId(rawZone) is not { } zone)
            {
                return (edit, Error($"{Quoted(rawZone, "That")} is not a time zone I know. Type an IANA zone id such as `Europe/Berlin`. Nothing was changed."));
            }

            edit = edit with { Zone = zone };
        }

        var (mentionGiven, mention, mentionError) = ReadMention(request);
        var (topicsGiven, topics, topicsError) = ReadTopics(request);
        if ((mentionError ?? topicsError) is { } settingError)
        {
            return (edit, settingError);
        }

        var clear = request.Option("clear")?.ToLowerInvariant();
        if (clear is not (null or "mention" or "topics"))
        {
            return (edit, Error($"{Quoted(clear, "That")} is not something I can take off. Type `clear:mention` or `clear:topics`. Nothing was changed."));
        }

        edit = edit with
        {
            ChannelId = NudgeInput.ChannelId(request.Option("channel")),
            Mention = mentionGiven || clear == "mention" ? new Setting<MentionTarget>(clear == "mention" ? null : mention) : null,
            Topics = topicsGiven || clear == "topics" ? new Setting<string>(clear == "topics" ? null : topics) : null,
        };
        return edit.ChangesNothing
            ? (edit, Error($"Say what to change for {schedule.Id}: `day`, `time`, `timezone`, `channel`, `mention`, `topics` or `clear`, e.g. `/nudge edit {schedule.Id} time:07:30`."))
            : (edit, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Edited {ScheduleId} on {Platform} {TenantId}: {Slot} (by {UserId})")]
    private partial void LogEdited(string scheduleId, Platform platform, LogText tenantId, string slot, LogText userId);
}
