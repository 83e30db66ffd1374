using System.Globalization;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>
/// One page of <c>/nudge list</c>. Every part of an entry is bounded (store-assigned id, a channel id of at most
/// <see cref="NudgeInput.MaxChannelIdLength"/>, a known zone id, the last result cut to
/// <see cref="MaxResultLength"/>), so <see cref="PageSize"/> entries fit one message on every platform: a Discord
/// message holds 6,000 characters of embeds (the tighter limit), a Slack message 50 blocks of 3,000.
/// </summary>
public static class NudgeListPage
{
    public const int PageSize = 8;

    /// <summary>Last results quote platform errors, whose length is not ours to decide.</summary>
    public const int MaxResultLength = 160;

    public static int PageCount(int schedules) => Math.Max(1, (schedules + PageSize - 1) / PageSize);

    /// <param name="schedules">This tenant's schedules (only the filtered channel's, when <paramref name="channel"/> is set), in list order.</param>
    /// <param name="page">1-based, within <see cref="PageCount"/>.</param>
    public static IReadOnlyList<MessageBlock> Build(IReadOnlyList<NudgeSchedule> schedules, int page, string? channel, WeeklyOccurrences occurrences)
    {
        var pages = PageCount(schedules.Count);
        var first = (page - 1) * PageSize;
        var onPage = schedules.Skip(first).Take(PageSize).ToList();

        List<MessageInline> heading = [new TextInline(Count(schedules.Count))];
        if (channel is not null)
        {
            heading.Add(new TextInline(" in "));
            heading.Add(new ChannelInline(channel));
        }

        heading.Add(new TextInline(pages == 1
            ? ":"
            : string.Create(CultureInfo.InvariantCulture, $", page {page} of {pages} ({first + 1:N0}\u2013{first + onPage.Count:N0}):")));

        List<MessageBlock> blocks =
        [
            new ParagraphBlock(heading),
            new ListBlock(false, onPage.Select(s => (IReadOnlyList<MessageBlock>)[Entry(s, occurrences)]).ToList()),
        ];
        if (pages > 1)
        {
            blocks.Add(new ParagraphBlock(page < pages ? NextPage(page + 1, channel) : LastPage(channel)));
        }

        return blocks;
    }

    /// <summary>The answer to a channel filter that matches nothing.</summary>
    public static IReadOnlyList<MessageBlock> NoneIn(string channel, string tenantNoun) =>
    [
        new ParagraphBlock([
            new TextInline("No nudge schedule posts in "), new ChannelInline(channel), new TextInline(". "),
            new CodeInline("/nudge list"), new TextInline($" shows all of this {tenantNoun}'s schedules."),
        ]),
    ];

    /// <summary>The answer to a page before the first or after the last, naming the pages there are.</summary>
    /// <param name="typed">The page as typed, quoted when it is past the end (it may not fit an <see cref="int"/>).</param>
    public static IReadOnlyList<MessageBlock> OutOfRange(int page, string typed, int schedules, string? channel)
    {
        var pages = PageCount(schedules);
        var what = string.Create(CultureInfo.InvariantCulture, $"{Count(schedules)} fit on {pages:N0} page{(pages == 1 ? string.Empty : "s")}");
        return
        [
            new ParagraphBlock([
                new TextInline(page < 1 ? $"Pages start at 1; {what}. Try " : $"There is no page {EchoedInput.Text(typed)}: {what}. The last one is "),
                .. PageCommand(page < 1 ? 1 : pages, channel),
                new TextInline("."),
            ]),
        ];
    }

    /// <summary>Says what to type for the pages that exist, e.g. "<c>/nudge list page:3</c>".</summary>
    public static IReadOnlyList<MessageInline> PageCommand(int page, string? channel)
    {
        var command = new CodeInline(string.Create(CultureInfo.InvariantCulture, $"/nudge list page:{page}"));
        return channel is null
            ? [command]
            : [command, new TextInline(" with the channel "), new ChannelInline(channel)];
    }

    public static string Count(int schedules) =>
        schedules == 1 ? "1 nudge schedule" : string.Create(CultureInfo.InvariantCulture, $"{schedules:N0} nudge schedules");

    private static List<MessageInline> NextPage(int next, string? channel)
    {
        List<MessageInline> inlines = [new TextInline("Next page: "), .. PageCommand(next, channel)];
        if (channel is null)
        {
            inlines.Add(new TextInline(". Only one channel's: "));
            inlines.Add(new CodeInline("/nudge list #channel"));
        }

        inlines.Add(new TextInline("."));
        return inlines;
    }

    private static List<MessageInline> LastPage(string? channel) =>
        [new TextInline("This is the last page; the first is "), .. PageCommand(1, channel), new TextInline(".")];

    private static ParagraphBlock Entry(NudgeSchedule schedule, WeeklyOccurrences occurrences)
    {
        var inlines = new List<MessageInline>
        {
            new StrongInline([new TextInline(schedule.Id)]),
            new TextInline(" in "),
            new ChannelInline(schedule.ChannelId),
            new TextInline($": {WeeklySlot.Of(schedule).Describe()}"),
            new LineBreakInline(),
        };

        if (schedule.Paused)
        {
            inlines.Add(new TextInline("Paused (resume with "));
            inlines.Add(new CodeInline($"/nudge resume {schedule.Id}"));
            inlines.Add(new TextInline(")"));
        }
        else
        {
            inlines.Add(new TextInline($"Next: {occurrences.FormatLocalLong(schedule.NextRunUtc, schedule.TimeZoneId)} ("));
            inlines.Add(NudgeCommandHandler.Timestamp(schedule.NextRunUtc));
            inlines.Add(new TextInline(")"));
            if (schedule.SkipUtc == schedule.NextRunUtc)
            {
                var after = occurrences.NextAfter(WeeklySlot.Of(schedule), schedule.NextRunUtc);
                inlines.Add(new TextInline(" is skipped (undo with "));
                inlines.Add(new CodeInline($"/nudge skip {schedule.Id} undo"));
                inlines.Add(new TextInline($"); then {occurrences.FormatLocalLong(after, schedule.TimeZoneId)}"));
            }
        }

        if (schedule.Mention is not null || schedule.Topics is not null)
        {
            inlines.Add(new LineBreakInline());
            inlines.Add(new TextInline(NudgeCommandHandler.SettingsText(schedule.Mention, schedule.Topics)));
        }

        inlines.Add(new LineBreakInline());
        inlines.Add(new TextInline(LastResultText(schedule, occurrences)));
        return new ParagraphBlock(inlines);
    }

    private static string LastResultText(NudgeSchedule schedule, WeeklyOccurrences occurrences)
    {
        var last = TextCut.Truncate(schedule.LastResult ?? "not run yet", MaxResultLength);
        var at = schedule.LastResultAt is { } when ? $" ({occurrences.FormatLocalLong(when, schedule.TimeZoneId)})" : string.Empty;
        return schedule.Failing
            ? $"FAILING, last result: {last}{at}. Fix the channel access; the next run tries again."
            : $"Last result: {last}{at}";
    }
}
