using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>What a <c>/nudge edit</c> asked to change; null members were not given and keep their value.</summary>
/// <param name="ChannelId">The channel given (checked with the platform before the edit is stored).</param>
internal sealed record NudgeEdit(
    DayOfWeek? Day = null,
    TimeOnly? Time = null,
    string? Zone = null,
    Setting<MentionTarget>? Mention = null,
    Setting<string>? Topics = null,
    string? ChannelId = null)
{
    public bool ChangesNothing => Day is null && Time is null && Zone is null && ChannelId is null && Mention is null && Topics is null;

    /// <summary>
    /// <paramref name="schedule"/> with the changes, edited by <paramref name="editor"/> at <paramref name="now"/>.
    /// The next run is left as it was; the handler works it out when the day, time or zone changed.
    /// </summary>
    public NudgeSchedule Apply(NudgeSchedule schedule, string editor, DateTimeOffset now) => schedule with
    {
        Day = Day ?? schedule.Day,
        LocalTime = Time ?? schedule.LocalTime,
        TimeZoneId = Zone ?? schedule.TimeZoneId,
        ChannelId = ChannelId ?? schedule.ChannelId,
        Mention = Mention is { } mention ? mention.Value : schedule.Mention,
        Topics = Topics is { } topics ? topics.Value : schedule.Topics,
        EditedBy = editor,
        EditedAt = now,
    };
}

/// <summary>A setting given in an edit, possibly to nothing (a mention taken off).</summary>
internal sealed record Setting<T>(T? Value)
    where T : class;
