using Il6Bot.Features.Insights;
using Il6Bot.Tests.Features.Nudges;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>Nudge posts are counted per schedule and nudge, manual ones as "manual"; failed posts are not.</summary>
public sealed class InsightsNudgePostTests
{
    [Fact]
    public async Task Scheduled_and_manual_posts_are_counted_by_schedule_and_nudge()
    {
        await using var bed = await Il6Bot.Tests.Features.Nudges.NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.TickAtAsync(schedule.NextRunUtc);
        await bed.NudgeAsync("send", ("channel", "C2"));

        var posts = bed.Insights.TakePending().Counts.Where(c => c.Metric == InsightsMetric.NudgePosted).Select(c => (c.Name, c.Count)).Order().ToList();

        var nudges = bed.Content.Current!.Nudges;
        Assert.Equal([($"manual/{nudges[0].Id}", 1L), ($"{schedule.Id}/{nudges[0].Id}", 1L)], posts);
    }
}
