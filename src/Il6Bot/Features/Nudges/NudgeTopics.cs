using Il6Bot.Content;

namespace Il6Bot.Features.Nudges;

/// <summary>
/// A schedule's topic restriction as stored: the article topic ids, comma-separated, in the order the moderator gave
/// them; null means every nudge. Kept as one string so a schedule stays a plain value.
/// </summary>
public static class NudgeTopics
{
    public static IReadOnlyList<string> Split(string? topics) =>
        string.IsNullOrEmpty(topics) ? [] : topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Join(IReadOnlyCollection<string> topics) => topics.Count == 0 ? null : string.Join(',', topics);

    /// <summary>
    /// The nudges a schedule rotates through: those backed by one of <paramref name="topics"/>, in content order, or
    /// all of them when there is no restriction (or when a content change left none of its topics with a nudge, so
    /// the schedule keeps posting rather than failing for a reason no moderator can see).
    /// </summary>
    public static IReadOnlyList<NudgeText> Rotation(IReadOnlyList<NudgeText> nudges, string? topics)
    {
        if (string.IsNullOrEmpty(topics))
        {
            return nudges;
        }

        var wanted = Split(topics);
        var chosen = nudges.Where(n => wanted.Contains(n.Topic, StringComparer.OrdinalIgnoreCase)).ToList();
        return chosen.Count == 0 ? nudges : chosen;
    }

    /// <summary>The topics that back at least one nudge, in content order: what <c>topics</c> accepts.</summary>
    public static IReadOnlyList<string> Available(IReadOnlyList<NudgeText> nudges) =>
        nudges.Select(n => n.Topic).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
