using System.Globalization;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>
/// A schedule's next runs as a list, each in the schedule's zone and as a platform timestamp. Where the zone's UTC
/// offset changes between two runs (a DST change), the run after it says so: the local time stays what the moderator
/// chose, and the note explains why the instant moved.
/// </summary>
public static class NudgeRunList
{
    public static ListBlock Build(IReadOnlyList<DateTimeOffset> runs, string zone, DateTimeOffset? skipped, WeeklyOccurrences occurrences)
    {
        var items = new List<IReadOnlyList<MessageBlock>>(runs.Count);
        TimeSpan? previousOffset = null;
        foreach (var run in runs)
        {
            var offset = occurrences.Local(run, zone).Offset;
            List<MessageInline> inlines = [new TextInline($"{occurrences.FormatLocalLong(run, zone)} \u2014 "), NudgeCommandHandler.Timestamp(run)];
            if (previousOffset is { } before && before != offset)
            {
                inlines.Add(new TextInline($" (clocks change before this run: {zone} is {Offset(offset)} from then, was {Offset(before)})"));
            }

            if (run == skipped)
            {
                inlines.Add(new TextInline(" \u2014 skipped"));
            }

            items.Add([new ParagraphBlock(inlines)]);
            previousOffset = offset;
        }

        return new ListBlock(false, items);
    }

    private static string Offset(TimeSpan offset) =>
        "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
