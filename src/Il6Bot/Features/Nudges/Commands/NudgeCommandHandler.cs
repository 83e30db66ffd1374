using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>
/// <c>/nudge</c>: moderators schedule, inspect and post weekly nudges. Everything is scoped to the
/// request's platform and tenant (guild/workspace); another tenant's schedule id is simply "not here".
/// Every answer is ephemeral: only the moderator who asked sees it.
/// </summary>
public sealed partial class NudgeCommandHandler : ICommandHandler
{
    private const string Example = "`/nudge schedule #general mon 09:00 Europe/Berlin`";

    private static readonly CommandSpec NudgeSpec = new(
        "nudge",
        "Weekly training nudges (moderators)",
        [],
        [
            new SubcommandSpec("schedule", "Post a nudge every week at a local time", [
                new OptionSpec("channel", "Channel to post in", OptionKind.Channel, Required: true),
                new OptionSpec("day", "Day of the week: mon, tue, wed, thu, fri, sat or sun", Required: true, Autocomplete: true),
                new OptionSpec("time", "Local time, 24-hour HH:mm (e.g. 09:00)", Required: true),
                new OptionSpec("timezone", "IANA time zone, e.g. Europe/Berlin", Autocomplete: true),
            ]),
            new SubcommandSpec("list", "Show this server's nudge schedules, a page at a time", [
                new OptionSpec("channel", "Only the schedules posting in this channel", OptionKind.Channel),
                new OptionSpec("page", $"Page number ({NudgeListPage.PageSize} schedules a page)", OptionKind.Integer, MinValue: 1),
            ]),
            new SubcommandSpec("cancel", "Delete a schedule", [new OptionSpec("id", "Schedule id, e.g. n7", Required: true)]),
            new SubcommandSpec("pause", "Pause a schedule", [new OptionSpec("id", "Schedule id, e.g. n7", Required: true)]),
            new SubcommandSpec("resume", "Resume a paused schedule", [new OptionSpec("id", "Schedule id, e.g. n7", Required: true)]),
            new SubcommandSpec("preview", "Show the next nudge (only to you)", [new OptionSpec("id", "Schedule id, e.g. n7")]),
            new SubcommandSpec("send", "Post the next nudge now", [new OptionSpec("channel", "Channel to post in", OptionKind.Channel, Required: true)]),
        ],
        ModeratorOnly: true);

    private readonly INudgeStore _store;
    private readonly NudgeDispatcher _dispatcher;
    private readonly WeeklyOccurrences _occurrences;
    private readonly IOptionsMonitor<NudgesOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NudgeCommandHandler> _logger;

    public NudgeCommandHandler(
        INudgeStore store,
        NudgeDispatcher dispatcher,
        WeeklyOccurrences occurrences,
        IOptionsMonitor<NudgesOptions> options,
        TimeProvider time,
        ILogger<NudgeCommandHandler> logger)
    {
        _store = store;
        _dispatcher = dispatcher;
        _occurrences = occurrences;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public CommandSpec Spec => NudgeSpec;

    public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        // Adapters also hide the command from non-moderators where the platform can; this is the check that counts.
        if (!request.IsModerator)
        {
            LogRefused(request.Platform, request.TenantId, request.UserId, request.Subcommand);
            return Reply.EphemeralText(
                "Only moderators can use `/nudge` (Manage Server or Administrator on Discord; listed in `Slack:Moderators` on Slack). Nothing was changed.");
        }

        // Claimed in the store, not only remembered in this process: a copy may reach another bot process.
        if (ChangesState(request.Subcommand) && request.RequestId is { } requestId
            && !await _store.TryClaimRequestAsync(request.Platform, requestId, cancellationToken).ConfigureAwait(false))
        {
            LogRepeated(request.Subcommand, request.Platform, request.TenantId);
            return Reply.EphemeralText(
                "That request was already handled: this is a copy of it, sent again, so nothing was changed this time. `/nudge list` shows the schedules.");
        }

        return request.Subcommand?.ToLowerInvariant() switch
        {
            "schedule" => await ScheduleAsync(request, cancellationToken).ConfigureAwait(false),
            "list" => await ListAsync(request, cancellationToken).ConfigureAwait(false),
            "cancel" => await CancelAsync(request, cancellationToken).ConfigureAwait(false),
            "pause" => await PauseAsync(request, paused: true, cancellationToken).ConfigureAwait(false),
            "resume" => await PauseAsync(request, paused: false, cancellationToken).ConfigureAwait(false),
            "preview" => await PreviewAsync(request, cancellationToken).ConfigureAwait(false),
            "send" => await SendAsync(request, cancellationToken).ConfigureAwait(false),
            _ => Reply.EphemeralText($"Usage: {CommandTextParser.Usage(NudgeSpec)}"),
        };
    }

    public IReadOnlyList<Choice> Complete(string option, string partial, int limit)
    {
        partial = partial.Trim();
        return option.ToLowerInvariant() switch
        {
            "day" => NudgeInput.DayNames
                .Where(d => d.StartsWith(partial.Length > 3 ? partial[..3] : partial, StringComparison.OrdinalIgnoreCase))
                .Select(d => new Choice(d, d))
                .Take(limit)
                .ToList(),
            "timezone" => TimeZoneInfo.GetSystemTimeZones()
                .Where(z => z.HasIanaId && z.Id.Contains(partial, StringComparison.OrdinalIgnoreCase))
                .OrderBy(z => !z.Id.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
                .ThenBy(z => z.Id, StringComparer.Ordinal)
                .Select(z => new Choice(z.Id, z.Id))
                .Take(limit)
                .ToList(),
            _ => [],
        };
    }

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

        var (channel, channelError) = await CheckChannelAsync(request, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return channelError!;
        }

        var slot = new WeeklySlot(day, time, zone);
        var now = _time.GetUtcNow();
        var runs = _occurrences.NextOccurrences(slot, now, 3);
        var created = await _store.CreateAsync(
            new NewNudgeSchedule(request.Platform, request.TenantId, channel, day, time, zone, request.UserId, runs[0], now),
            cancellationToken).ConfigureAwait(false);
        var described = slot.Describe();
        LogScheduled(created.Id, request.Platform, request.TenantId, channel, described, request.UserId);

        var intro = new ParagraphBlock([
            new TextInline($"Scheduled {created.Id}: {described} in "),
            new ChannelInline(channel),
            new TextInline(". Next runs:"),
        ]);
        var list = new ListBlock(false, runs.Select(run => (IReadOnlyList<MessageBlock>)[RunParagraph(run, zone)]).ToList());
        return Admin([intro, list]);
    }

    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var channel = NudgeInput.ChannelId(request.Option("channel"));
        if (channel is not null && !NudgeInput.IsPlausibleChannelId(channel))
        {
            return Error($"{EchoedInput.Code(channel)} is not a channel. Pick one from the channel list, e.g. `/nudge list #general`.");
        }

        var page = 1;
        var rawPage = request.Option("page");
        if (rawPage is not null && !NudgeInput.TryParsePage(rawPage, out page))
        {
            return Error($"{EchoedInput.Code(rawPage)} is not a page number. Type a whole number from 1, e.g. `/nudge list page:2`.");
        }

        var schedules = await _store.ListAsync(request.Platform, request.TenantId, cancellationToken).ConfigureAwait(false);
        if (channel is not null)
        {
            schedules = schedules.Where(s => s.ChannelId == channel).ToList();
        }

        if (schedules.Count == 0)
        {
            return channel is null
                ? Reply.EphemeralText($"No nudges are scheduled here yet. Create one with {Example}.")
                : Admin(NudgeListPage.NoneIn(channel));
        }

        if (page < 1 || page > NudgeListPage.PageCount(schedules.Count))
        {
            return Admin(NudgeListPage.OutOfRange(page, rawPage!, schedules.Count, channel));
        }

        return Admin(NudgeListPage.Build(schedules, page, channel, _occurrences));
    }

    private async Task<Reply> CancelAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        if (id is null)
        {
            return Error("Say which schedule: `/nudge cancel n7` (ids are in `/nudge list`).");
        }

        if (!await _store.CancelAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false))
        {
            return NotHere(id);
        }

        LogCancelled(id, request.Platform, request.TenantId, request.UserId);
        return Reply.EphemeralText($"Cancelled {id}. It will not post again.");
    }

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
            return NotHere(id);
        }

        if (schedule.Paused == paused)
        {
            return Reply.EphemeralText(paused ? $"{id} is already paused." : $"{id} is not paused.");
        }

        // Resuming starts from the next occurrence after now: weeks spent paused are not caught up.
        var next = paused ? schedule.NextRunUtc : _occurrences.NextAfter(WeeklySlot.Of(schedule), _time.GetUtcNow());
        if (!await _store.SetPausedAsync(request.Platform, request.TenantId, id, paused, next, cancellationToken).ConfigureAwait(false))
        {
            return NotHere(id);
        }

        LogPaused(id, paused, request.Platform, request.TenantId, request.UserId);
        return paused
            ? Reply.EphemeralText($"Paused {id}. Nothing is posted until `/nudge resume {id}`.")
            : Admin([new ParagraphBlock([new TextInline($"Resumed {id}. Next run: "), .. RunParagraph(next, schedule.TimeZoneId).Inlines])]);
    }

    private ParagraphBlock RunParagraph(DateTimeOffset run, string zone) =>
        new([new TextInline($"{_occurrences.FormatLocalLong(run, zone)} \u2014 "), Timestamp(run)]);

    internal static TimestampInline Timestamp(DateTimeOffset instant) =>
        new(instant, instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));

    private static bool ChangesState(string? subcommand) =>
        subcommand?.ToLowerInvariant() is "schedule" or "cancel" or "pause" or "resume" or "send";

    private static string Quoted(string? value, string missing) => value is null ? missing : EchoedInput.Code(value);

    private static Reply Error(string markdown) => Reply.EphemeralText(markdown);

    private static Reply Admin(IReadOnlyList<MessageBlock> blocks) => new(null, new MessageDocument(blocks), [], null, Ephemeral: true);

    // Built from inlines, not Markdown: the id is what the moderator typed and must stay plain text.
    private static Reply NotHere(string id) => Admin([new ParagraphBlock([
        new TextInline($"There is no schedule {EchoedInput.Text(id)} here. "),
        new CodeInline("/nudge list"),
        new TextInline(" shows this server's schedules."),
    ])]);

    private static Reply NoNudges() =>
        Reply.EphemeralText("No nudges are loaded (check `content/nudges.md`). Nothing was posted.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused /nudge {Subcommand} for non-moderator {UserId} on {Platform} {TenantId}")]
    private partial void LogRefused(Platform platform, LogText tenantId, LogText userId, LogText subcommand);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/nudge {Subcommand} on {Platform} {TenantId} arrived again with the id of a request already handled; nothing changed")]
    private partial void LogRepeated(LogText subcommand, Platform platform, LogText tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {ScheduleId} on {Platform} {TenantId} channel {ChannelId}: {Slot} (by {UserId})")]
    private partial void LogScheduled(string scheduleId, Platform platform, LogText tenantId, LogText channelId, string slot, LogText userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled {ScheduleId} on {Platform} {TenantId} (by {UserId})")]
    private partial void LogCancelled(string scheduleId, Platform platform, LogText tenantId, LogText userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} paused={Paused} on {Platform} {TenantId} (by {UserId})")]
    private partial void LogPaused(string scheduleId, bool paused, Platform platform, LogText tenantId, LogText userId);
}
