using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary>The <c>mention</c> and <c>topics</c> options: what is stored, posted and refused.</summary>
public sealed class NudgeMentionAndTopicsTests
{
    private static readonly DateTimeOffset Today1300 = NudgeTestBed.Monday.AddHours(1);

    [Fact]
    public async Task A_scheduled_mention_rides_on_every_post_and_nowhere_else()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", "mon"), ("time", "13:00"), ("mention", "group:R42"));
        await bed.TickAtAsync(Today1300);
        await bed.NudgeAsync("send", ("channel", "C1"));

        Assert.Contains("(pings group R42, all nudges). Next runs:", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Equal([MentionTarget.Group("R42"), null], bed.Discord.Posts.Select(p => p.Message.Mention));
        Assert.Null((await bed.NudgeAsync("preview", ("id", "n1"))).Mention);
        Assert.Contains("pings group R42", NudgeTestBed.Text(await bed.NudgeAsync("list")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MentionOption.Everyone)]
    [InlineData(MentionOption.Channel)]
    public async Task Pinging_everyone_is_refused_with_a_reason_and_nothing_is_scheduled(string mention)
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true);

        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", "mon"), ("time", "13:00"), ("mention", mention));

        Assert.True(reply.Ephemeral);
        Assert.Contains($"A nudge never pings @{mention}: a weekly reminder to every member", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task Topics_restrict_the_rotation_which_posts_each_of_its_nudges_before_any_again()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true, topics: ["how", "what", "fat-and-muscle", "illness", "how", "fat-and-muscle"]);
        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", "mon"), ("time", "13:00"), ("topics", "HOW,fat-and-muscle,how"));

        Assert.Contains("(pings nobody, topics how, fat-and-muscle)", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        for (var week = 0; week < 8; week++)
        {
            await bed.TickAtAsync(Today1300.AddDays(7 * week));
        }

        // The set is nudges 0, 2, 4 and 5: each once in content order, then again, never one of the others.
        Assert.Equal(["Nudge 0", "Nudge 2", "Nudge 4", "Nudge 5", "Nudge 0", "Nudge 2", "Nudge 4", "Nudge 5"], bed.Discord.Posts.Select(p => p.Title));
        Assert.Equal("Nudge 0", (await bed.NudgeAsync("preview", ("id", "n1"))).Title);
    }

    [Fact]
    public async Task Unknown_topics_are_refused_naming_the_topics_that_have_nudges()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true, topics: ["how", "what", "how", "illness"]);

        var reply = await bed.NudgeAsync("schedule", ("channel", "C1"), ("day", "mon"), ("time", "13:00"), ("topics", "how,cardio"));

        Assert.Contains("cardio is not a topic with nudges. Type one or more of how what illness, separated by commas", NudgeTestBed.Text(reply), StringComparison.Ordinal);
        Assert.Empty(await bed.Store.ListAsync(Platform.Discord, NudgeTestBed.Tenant, NudgeTestBed.Ct));
    }

    [Fact]
    public async Task Topics_autocomplete_the_last_of_the_list()
    {
        await using var bed = await NudgeTestBed.CreateAsync(inMemory: true, topics: ["how", "what", "fat-and-muscle"]);

        Assert.Equal(["how", "what", "fat-and-muscle", "all"], bed.Handler.Complete("topics", "", 25).Select(c => c.Value));
        Assert.Equal(["how,fat-and-muscle"], bed.Handler.Complete("topics", "how,f", 25).Select(c => c.Value));
        Assert.Equal(["how,what", "how,fat-and-muscle"], bed.Handler.Complete("topics", "how,", 25).Select(c => c.Value));
        Assert.Equal(["mention"], bed.Handler.Complete("clear", "m", 25).Select(c => c.Value));
    }
}
