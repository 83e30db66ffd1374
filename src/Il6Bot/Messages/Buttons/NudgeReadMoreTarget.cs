namespace Il6Bot.Messages.Buttons;

/// <summary>
/// What a nudge's Read more button carries: the topic to show, and which nudge text and schedule posted it so the
/// click is counted for both (<c>/insights</c>' click-through). Written as <c>topic.nudge.schedule</c>; each part is
/// a <see cref="ButtonId.IsArgument"/> string, so '.' cannot occur inside one.
/// </summary>
public readonly record struct NudgeReadMoreTarget(string Topic, string NudgeId, string ScheduleId)
{
    public const char Separator = '.';

    public override string ToString() => $"{Topic}{Separator}{NudgeId}{Separator}{ScheduleId}";

    public static bool TryParse(string argument, out NudgeReadMoreTarget target)
    {
        target = default;
        var parts = argument.Split(Separator);
        if (parts is not [var topic, var nudge, var schedule]
            || topic.Length == 0 || nudge.Length == 0 || schedule.Length == 0
            || !ButtonId.IsArgument(topic) || !ButtonId.IsArgument(nudge) || !ButtonId.IsArgument(schedule))
        {
            return false;
        }

        target = new NudgeReadMoreTarget(topic, nudge, schedule);
        return true;
    }
}
