using Il6Bot.Commands;
using Il6Bot.Discord.Rendering;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary>A full page of the longest entries a store can hold still fits one message on Discord and on Slack.</summary>
public sealed class NudgeListPageTests
{
    // The zone whose id is longest once Discord escapes its underscores.
    private static readonly string LongestZone = TimeZoneInfo.GetSystemTimeZones()
        .Where(z => z.HasIanaId)
        .Select(z => z.Id)
        .MaxBy(id => DiscordMarkdown.Escape(id).Length)!;

    public static TheoryData<char, char> WorstCharacters => new()
    {
        { '_', '*' }, // doubled by Discord's escaping
        { '7', '&' }, // a numeric channel id is a mention on Discord; '&' is five characters in Slack mrkdwn
    };

    [Theory]
    [MemberData(nameof(WorstCharacters))]
    public void A_page_of_the_longest_possible_entries_fits_one_message_everywhere(char channelChar, char resultChar)
    {
        var channel = new string(channelChar, NudgeInput.MaxChannelIdLength);
        var occurrences = new WeeklyOccurrences();
        var schedules = Enumerable.Range(0, 1_500).Select(i => Longest(i, channel, resultChar)).ToList();
        var pages = NudgeListPage.PageCount(schedules.Count);

        foreach (var page in new[] { 1, pages - 1, pages })
        {
            var reply = new Reply(null, new MessageDocument(NudgeListPage.Build(schedules, page, channel, occurrences)), [], null, Ephemeral: true);

            var discord = DiscordReplyRenderer.Render(reply, out var degraded);
            Assert.Single(discord);
            Assert.False(degraded);
            var slack = SlackReplyRenderer.Render(reply);
            Assert.InRange(slack.Blocks.Count, 1, SlackMessage.MaxBlocks);
            Assert.Contains($"page {page} of {pages}", PlainText.Render(reply), StringComparison.Ordinal);
        }
    }

    private static NudgeSchedule Longest(int i, string channel, char resultChar)
    {
        var when = new DateTimeOffset(2286, 11, 17, 23, 59, 0, TimeSpan.Zero); // the last 10-digit Unix second's year
        return new NudgeSchedule(
            $"n{long.MaxValue - i}",
            Platform.Discord,
            "g1",
            channel,
            DayOfWeek.Wednesday,
            new TimeOnly(23, 59),
            LongestZone,
            "u1",
            Paused: i % 2 == 1,
            RotationPosition: int.MaxValue,
            NextRunUtc: when,
            LastResult: new string(resultChar, 10_000),
            LastResultAt: when,
            Failing: true,
            CreatedAt: when);
    }
}
