using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge schedule</c>: a new weekly schedule, after checking every option and the channel.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> ScheduleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var rawDay = request.Option("day");
        if (!NudgeInput.TryParseDay(rawDay, out var day))
        {
            return Error($"{Quoted(rawDay, "That")} is not a day of the week. Type one of `mon` `tue` `wed` `thu` `fri` `sat` `sun`, e.g. {Example}.");
        }

        var rawTime = request.Option("time");
        if (!NudgeInput.TryParseTime(rawTime, out var time))
        {
            return Error($"{Quoted(rawTime, "That")} is not a time. Type a 24-hour time as HH:mm, from `00:00` to `23:59` (e.g. `09:00` or `18:30`).");
        }

        var rawZone = request.Option("timezone") ?? _options.CurrentValue.DefaultTimeZone;
        var zone = WeeklyOccurrences.CanonicalZoneId(rawZone);
        if (zone is null)
        {
            return Error($"{Quoted(rawZone, "That")} is not a time zone I know. Type an IANA zone id such as `Europe/Berlin`, `America/New_York` or `UTC`.");
        }

        var (_, mention, mentionError) = ReadMention(request);
        var (_, topics, topicsError) = ReadTopics(request);
        if ((mentionError ?? topicsError) is { } settingError)
        {
            return settingError;
        }

        var (channel, channelError) = await CheckChannelAsync(request, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return channelError!;
        }

        var slot = new WeeklySlot(day, time, zone);
        var now = _time.GetUtcNow();
        var runs = _occurrences.NextOccurrences(slot, now, 3);
        var created = await _store.CreateAsync(
            new NewNudgeSchedule(request.Platform, request.TenantId, channel, day, time, zone, request.UserId, runs[0], now) { Mention = mention, Topics = topics },
            cancellationToken).ConfigureAwait(false);
        _wakeup?.ScheduleChanged(created.NextRunUtc);
        var described = slot.Describe();
        LogScheduled(created.Id, request.Platform, request.TenantId, channel, described, request.UserId);

        var intro = new ParagraphBlock([
            new TextInline($"Scheduled {created.Id}: {described} in "),
            new ChannelInline(channel),
            new TextInline(mention is null && topics is null ? ". Next runs:" : $" ({SettingsText(mention, topics)}). Next runs:"),
        ]);
        var list = new ListBlock(false, runs.Select(run => (IReadOnlyList<MessageBlock>)[RunParagraph(run, zone)]).ToList());
        return Admin([intro, list]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {ScheduleId} on {Platform} {TenantId} channel {ChannelId}: {Slot} (by {UserId})")]
    private partial void LogScheduled(string scheduleId, Platform platform, LogText tenantId, LogText channelId, string slot, LogText userId);
}
