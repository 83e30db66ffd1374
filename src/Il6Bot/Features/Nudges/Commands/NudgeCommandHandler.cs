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

    private static readonly OptionSpec IdSpec = new("id", "Schedule id, e.g. n7", Required: true);

    private static readonly OptionSpec MentionSpec = new("mention", "Who each nudge pings: a role (Slack: a user group or @here); none to take it off", OptionKind.Mention);

    private static readonly OptionSpec TopicsSpec = new("topics", "Only nudges of these article topics, comma-separated, e.g. how,fat-and-muscle (all: every nudge)", Autocomplete: true);

    private static readonly string[] Clearable = ["mention", "topics"];

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
                MentionSpec,
                TopicsSpec,
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
            new SubcommandSpec("edit", "Change a schedule: only what you give changes; its id and rotation stay", [
                IdSpec,
                new OptionSpec("day", "New day of the week: mon, tue, wed, thu, fri, sat or sun", Autocomplete: true),
                new OptionSpec("time", "New local time, 24-hour HH:mm"),
                new OptionSpec("timezone", "New IANA time zone, e.g. Europe/Berlin", Autocomplete: true),
                new OptionSpec("channel", "New channel to post in", OptionKind.Channel),
                MentionSpec,
                TopicsSpec,
                new OptionSpec("clear", "Take a setting off: mention, or topics (all nudges again)", Autocomplete: true),
            ]),
            new SubcommandSpec("skip", "Skip a schedule's next run (e.g. a deload week); undo restores it", [
                IdSpec,
                new OptionSpec("undo", "Restore the skipped run instead", OptionKind.Boolean),
            ]),
        ],
        ModeratorOnly: true);

    private readonly INudgeStore _store;
    private readonly NudgeDispatcher _dispatcher;
    private readonly WeeklyOccurrences _occurrences;
    private readonly IOptionsMonitor<NudgesOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NudgeCommandHandler> _logger;

    // Told of every change that may move a next run earlier, so the scheduler wakes for it at once.
    private readonly NudgeSchedulerWakeup? _wakeup;

    public NudgeCommandHandler(
        INudgeStore store,
        NudgeDispatcher dispatcher,
        WeeklyOccurrences occurrences,
        IOptionsMonitor<NudgesOptions> options,
        TimeProvider time,
        ILogger<NudgeCommandHandler> logger,
        NudgeSchedulerWakeup? wakeup = null)
    {
        _store = store;
        _dispatcher = dispatcher;
        _occurrences = occurrences;
        _options = options;
        _time = time;
        _logger = logger;
        _wakeup = wakeup;
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
            "edit" => await EditAsync(request, cancellationToken).ConfigureAwait(false),
            "skip" => await SkipAsync(request, cancellationToken).ConfigureAwait(false),
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
            "topics" => CompleteTopics(partial, limit),
            "clear" => Clearable
                .Where(c => c.StartsWith(partial, StringComparison.OrdinalIgnoreCase))
                .Select(c => new Choice(c, c))
                .ToList(),
            _ => [],
        };
    }

    private ParagraphBlock RunParagraph(DateTimeOffset run, string zone) =>
        new([new TextInline($"{_occurrences.FormatLocalLong(run, zone)} \u2014 "), Timestamp(run)]);

    internal static TimestampInline Timestamp(DateTimeOffset instant) =>
        new(instant, instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));

    private static bool ChangesState(string? subcommand) =>
        subcommand?.ToLowerInvariant() is "schedule" or "cancel" or "pause" or "resume" or "send" or "edit" or "skip";

    private static string Quoted(string? value, string missing) => value is null ? missing : EchoedInput.Code(value);

    private static Reply Error(string markdown) => Reply.EphemeralText(markdown);

    private static Reply Admin(IReadOnlyList<MessageBlock> blocks) => new(null, new MessageDocument(blocks), [], null, Ephemeral: true);

    // Built from inlines, not Markdown: the id is what the moderator typed and must stay plain text.
    private static Reply NotHere(string id, string tenantNoun) => Admin([new ParagraphBlock([
        new TextInline($"There is no schedule {EchoedInput.Text(id)} here. "),
        new CodeInline("/nudge list"),
        new TextInline($" shows this {tenantNoun}'s schedules."),
    ])]);

    private static Reply NoNudges() =>
        Reply.EphemeralText("No nudges are loaded (check `content/nudges.md`). Nothing was posted.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused /nudge {Subcommand} for non-moderator {UserId} on {Platform} {TenantId}")]
    private partial void LogRefused(Platform platform, LogText tenantId, LogText userId, LogText subcommand);

    [LoggerMessage(Level = LogLevel.Warning, Message = "/nudge {Subcommand} on {Platform} {TenantId} arrived again with the id of a request already handled; nothing changed")]
    private partial void LogRepeated(LogText subcommand, Platform platform, LogText tenantId);

}
