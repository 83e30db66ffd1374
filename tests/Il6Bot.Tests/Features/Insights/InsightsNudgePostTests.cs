using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Delivery;
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

        var counts = bed.Insights.TakePending().Counts.Where(c => c.Metric == InsightsMetric.NudgePosted).ToList();
        var posts = counts.Select(c => (c.Name, c.Count)).Order().ToList();

        var nudges = bed.Content.Current!.Nudges;
        Assert.Equal([($"manual/{nudges[0].Id}", 1L), ($"{schedule.Id}/{nudges[0].Id}", 1L)], posts);

        // Counted for the guild whose /insights shows them, not for the channel posted in.
        Assert.All(counts, c => Assert.Equal(new InsightsTenant(Platform.Discord, NudgeTestBed.Tenant), c.Tenant));
    }

    [Fact]
    public async Task Failed_posts_are_not_counted()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        bed.Discord.FailWith = PostResult.Permanent("403 Missing Access");

        await bed.TickAtAsync(schedule.NextRunUtc);
        await bed.NudgeAsync("send", ("channel", "C2"));

        // Both posts were tried and refused: no member saw them, so there is no click-through to count them in.
        Assert.Equal(2, bed.Discord.Attempts);
        Assert.DoesNotContain(bed.Insights.TakePending().Counts, c => c.Metric == InsightsMetric.NudgePosted);
    }

    [Fact]
    public async Task A_post_of_a_schedule_limited_to_topics_is_counted_for_the_nudge_it_posted()
    {
        // Nudges 0 and 2 are backed by "how", nudge 1 by "what": the schedule's rotation holds nudge 1 only.
        await using var bed = await NudgeTestBed.CreateAsync(topics: ["how", "what", "how"]);
        var schedule = await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.NudgeAsync("edit", ("id", schedule.Id), ("topics", "what"));

        await bed.TickAtAsync(schedule.NextRunUtc);

        Assert.Equal("Nudge 1", Assert.Single(bed.Discord.Posts).Title);
        var count = Assert.Single(bed.Insights.TakePending().Counts, c => c.Metric == InsightsMetric.NudgePosted);
        Assert.Equal($"{schedule.Id}/n-1", count.Name);
    }
}
