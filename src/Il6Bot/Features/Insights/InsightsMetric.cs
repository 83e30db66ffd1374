namespace Il6Bot.Features.Insights;

/// <summary>
/// What one count is of. Each metric has a stored code (<see cref="InsightsMetricCodes"/>) that never changes meaning,
/// because rows outlive releases.
/// </summary>
public enum InsightsMetric
{
    /// <summary>A section shown for <c>/il6 topic</c> (by id or alias); the name is the topic id.</summary>
    SectionByCommand,

    /// <summary>A section shown as the confident match of a search; the name is the topic id.</summary>
    SectionBySearch,

    /// <summary>A section shown by a related-topic or suggestion button; the name is the topic id.</summary>
    SectionByButton,

    /// <summary>A section shown by a nudge's Read more button; the name is the topic id.</summary>
    SectionByReadMore,

    /// <summary>A section shared in the channel; the name is the topic id.</summary>
    Share,

    /// <summary>A nudge posted; the name is <c>schedule/nudge</c> (<c>manual/nudge</c> for <c>/nudge send</c>).</summary>
    NudgePosted,

    /// <summary>A nudge's Read more clicked; the name is <c>schedule/nudge</c>, as for <see cref="NudgePosted"/>.</summary>
    NudgeReadMore,
}

/// <summary>The stored codes of <see cref="InsightsMetric"/>.</summary>
public static class InsightsMetricCodes
{
    public static string Code(InsightsMetric metric) => metric switch
    {
        InsightsMetric.SectionByCommand => "command",
        InsightsMetric.SectionBySearch => "search",
        InsightsMetric.SectionByButton => "button",
        InsightsMetric.SectionByReadMore => "read-more",
        InsightsMetric.Share => "share",
        InsightsMetric.NudgePosted => "nudge-post",
        InsightsMetric.NudgeReadMore => "nudge-read-more",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Every metric needs a code."),
    };

    /// <summary>The metric of a stored code, or null for a code from a newer release (ignored when read).</summary>
    public static InsightsMetric? Parse(string code) => code switch
    {
        "command" => InsightsMetric.SectionByCommand,
        "search" => InsightsMetric.SectionBySearch,
        "button" => InsightsMetric.SectionByButton,
        "read-more" => InsightsMetric.SectionByReadMore,
        "share" => InsightsMetric.Share,
        "nudge-post" => InsightsMetric.NudgePosted,
        "nudge-read-more" => InsightsMetric.NudgeReadMore,
        _ => null,
    };
}
