using System.Globalization;
using System.Text;
using Il6Bot.Content;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Insights;

/// <summary>
/// <c>/insights</c>'s answer: for the last 7 and the last 30 days, the most read topics, the searches the article did not
/// answer, each schedule's posts, each nudge's Read more clicks (click-through) and the shares.
/// </summary>
public static class InsightsReport
{
    /// <summary>Entries per list: enough to act on, short enough for one message.</summary>
    public const int TopCount = 5;

    public const string Title = "Insights (counts only, UTC days)";

    public static Reply Build(InsightsTotals lastWeek, InsightsTotals lastMonth, IReadOnlyList<NudgeText> nudges)
    {
        var text = new StringBuilder();
        Period(text, "Last 7 days", lastWeek, nudges);
        text.Append('\n');
        Period(text, "Last 30 days", lastMonth, nudges);
        text.Append("\n`/insights reset` clears these counts (after a confirmation).");
        return Reply.EphemeralText(text.ToString()) with { Title = Title };
    }

    private static void Period(StringBuilder text, string label, InsightsTotals totals, IReadOnlyList<NudgeText> nudges)
    {
        text.Append("**").Append(label).Append("**\n");
        text.Append("- Top topics: ").Append(Topics(totals)).Append('\n');
        text.Append("- Searches with no good match: ").Append(Searches(totals)).Append('\n');
        text.Append("- Nudge posts and Read more clicks by schedule: ").Append(Schedules(totals)).Append('\n');
        text.Append("- Read more by nudge text: ").Append(ReadMore(totals, nudges)).Append('\n');
        text.Append("- Shares: ").Append(Shares(totals)).Append('\n');
    }

    private static string Topics(InsightsTotals totals)
    {
        var topics = totals.Metrics
            .Where(m => IsSectionShown(m.Metric))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => (Topic: g.Key, Total: g.Sum(m => m.Count), Ways: g.Where(m => m.Count > 0).OrderBy(m => m.Metric).Select(m => $"{m.Count} {Way(m.Metric)}")))
            .OrderByDescending(t => t.Total)
            .ThenBy(t => t.Topic, StringComparer.Ordinal)
            .Take(TopCount)
            .Select(t => $"`{t.Topic}` {t.Total} ({string.Join(", ", t.Ways)})")
            .ToList();
        return topics.Count == 0 ? "none yet" : string.Join(", ", topics);
    }

    private static string Searches(InsightsTotals totals)
    {
        var searches = totals.Searches
            .OrderByDescending(s => s.Count)
            .ThenByDescending(s => s.LastAt)
            .Take(TopCount)
            .Select(s => $"“{EchoedInput.Markdown(s.Query)}” ×{s.Count} (last {s.LastAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)")
            .ToList();
        return searches.Count == 0 ? "none" : string.Join(", ", searches);
    }

    private static string Schedules(InsightsTotals totals)
    {
        var schedules = PostsAndClicks(totals, p => p.Schedule)
            .OrderBy(s => s.Key == NudgeReply.ManualScheduleId)
            .ThenBy(s => s.Key.Length)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{(s.Key == NudgeReply.ManualScheduleId ? "`/nudge send`" : $"`{s.Key}`")} {Rate(s.Posts, s.Clicks)}")
            .ToList();
        return schedules.Count == 0 ? "none" : string.Join(", ", schedules);
    }

    // Clicks on nudges posted before Read more carried its schedule count for their topic only, under "Top topics".
    private static string ReadMore(InsightsTotals totals, IReadOnlyList<NudgeText> nudges)
    {
        var topics = nudges.ToDictionary(n => n.Id, n => n.Topic, StringComparer.Ordinal);
        var lines = PostsAndClicks(totals, p => p.Nudge)
            .Select(n => (Nudge: n.Key, n.Posts, n.Clicks, Topic: topics.GetValueOrDefault(n.Key)))
            .OrderBy(n => n.Nudge, StringComparer.Ordinal)
            .Select(n => n.Topic is null
                ? $"`{n.Nudge}` {Rate(n.Posts, n.Clicks)} (no longer in the content)"
                : $"`{n.Nudge}` → `{n.Topic}`: {Rate(n.Posts, n.Clicks)}")
            .ToList();
        return lines.Count == 0 ? "no nudges posted" : string.Join(", ", lines);
    }

    private static string Rate(long posts, long clicks)
    {
        var rate = posts == 0 ? "" : $", {clicks * 100 / posts}% click-through";
        return $"{Plural(posts, "post")}, {Plural(clicks, "click")}{rate}";
    }

    private static string Shares(InsightsTotals totals)
    {
        var shares = totals.Metrics.Where(m => m.Metric == InsightsMetric.Share && m.Count > 0).ToList();
        if (shares.Count == 0)
        {
            return "0";
        }

        var top = shares.OrderByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.Ordinal).Take(TopCount).Select(s => $"`{s.Name}` {s.Count}");
        return $"{shares.Sum(s => s.Count)} ({string.Join(", ", top)})";
    }

    /// <summary>
    /// Nudge posts and Read more clicks summed by <paramref name="key"/> (schedule or nudge text). A click in the window
    /// on a nudge posted before it still counts, beside 0 posts.
    /// </summary>
    private static IEnumerable<(string Key, long Posts, long Clicks)> PostsAndClicks(
        InsightsTotals totals, Func<(string Schedule, string Nudge, long Count), string> key) =>
        ByScheduleAndNudge(totals, InsightsMetric.NudgePosted).Select(p => (Key: key(p), Posts: p.Count, Clicks: 0L))
            .Concat(ByScheduleAndNudge(totals, InsightsMetric.NudgeReadMore).Select(c => (Key: key(c), Posts: 0L, Clicks: c.Count)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(x => x.Posts), g.Sum(x => x.Clicks)));

    private static IEnumerable<(string Schedule, string Nudge, long Count)> ByScheduleAndNudge(InsightsTotals totals, InsightsMetric metric) =>
        totals.Metrics
            .Where(m => m.Metric == metric && m.Count > 0)
            .Select(m => m.Name.Split('/', 2) is [var schedule, var nudge] ? (schedule, nudge, m.Count) : (m.Name, "?", m.Count));

    private static bool IsSectionShown(InsightsMetric metric) =>
        metric is InsightsMetric.SectionByCommand or InsightsMetric.SectionBySearch or InsightsMetric.SectionByButton or InsightsMetric.SectionByReadMore;

    private static string Way(InsightsMetric metric) => metric switch
    {
        InsightsMetric.SectionByCommand => "command",
        InsightsMetric.SectionBySearch => "search",
        InsightsMetric.SectionByButton => "button",
        _ => "read more",
    };

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
