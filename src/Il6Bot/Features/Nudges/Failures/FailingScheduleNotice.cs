using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Failures;

/// <summary>
/// The direct message a moderator gets when one of their schedules starts failing: which schedule, which channel, why,
/// and the commands that fix it. Built from inlines, not Markdown, so a reason quoting a platform's words stays text.
/// </summary>
public static class FailingScheduleNotice
{
    /// <summary>
    /// Who is told: the moderator who last edited the schedule, else who created it; the last person to touch it knows
    /// best what it should do.
    /// </summary>
    public static string RecipientOf(NudgeSchedule schedule) => schedule.Owner;

    public static Reply For(NudgeSchedule schedule, string occurrenceLocal, string reason)
    {
        var id = schedule.Id;
        MessageBlock[] blocks =
        [
            new ParagraphBlock([
                new TextInline($"Your weekly nudge {id} ({WeeklySlot.Of(schedule).Describe()}) could not be posted in "),
                new ChannelInline(schedule.ChannelId),
                new TextInline($" for {occurrenceLocal}."),
            ]),
            new ParagraphBlock([new StrongInline([new TextInline("Why: ")]), new TextInline(reason)]),
            new ParagraphBlock([
                new StrongInline([new TextInline("To fix it: ")]),
                new TextInline("deal with the cause above and the next occurrence posts as usual; "),
                new CodeInline("/nudge list"),
                new TextInline(" shows the last result. To post somewhere else, give it a new channel with "),
                new CodeInline($"/nudge edit {id}"),
                new TextInline("; to stop it, "),
                new CodeInline($"/nudge cancel {id}"),
                new TextInline("."),
            ]),
            new ParagraphBlock([
                new TextInline($"{id} stays scheduled and is marked failing; this is the only message about it until it posts again."),
            ]),
        ];
        return new Reply($"Nudge {id} could not be posted", new MessageDocument(blocks), [], null, Ephemeral: false);
    }
}
