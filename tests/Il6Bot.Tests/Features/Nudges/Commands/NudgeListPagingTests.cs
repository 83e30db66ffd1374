using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges.Commands;

/// <summary><c>/nudge list</c> with 1,500 schedules in one server: pages, a channel filter, pages that do not exist.</summary>
public sealed class NudgeListPagingTests
{
    private const int Total = 1_500;
    private const int Channels = 5;
    private static readonly int Pages = (Total + NudgeListPage.PageSize - 1) / NudgeListPage.PageSize;

    [Fact]
    public async Task Page_one_shows_the_first_schedules_and_how_to_get_the_next_page()
    {
        await using var bed = await BedWithSchedulesAsync();

        var reply = await bed.NudgeAsync("list");

        var text = NudgeTestBed.Text(reply);
        Assert.True(reply.Ephemeral);
        Assert.StartsWith($"1,500 nudge schedules, page 1 of {Pages} (1\u2013{NudgeListPage.PageSize}):", text, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, NudgeListPage.PageSize).Select(i => $"n{i}"), EntryIds(reply));
        Assert.EndsWith("Next page: /nudge list page:2. Only one channel's: /nudge list #channel.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_page_holds_the_rest_and_says_it_is_the_last()
    {
        await using var bed = await BedWithSchedulesAsync();
        var firstOnLast = ((Pages - 1) * NudgeListPage.PageSize) + 1;

        var reply = await bed.NudgeAsync("list", ("page", Pages.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var text = NudgeTestBed.Text(reply);
        Assert.StartsWith($"1,500 nudge schedules, page {Pages} of {Pages} ({firstOnLast:N0}\u20131,500):", text, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(firstOnLast, Total - firstOnLast + 1).Select(i => $"n{i}"), EntryIds(reply));
        Assert.EndsWith("This is the last page; the first is /nudge list page:1.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("189", "There is no page 189: 1,500 nudge schedules fit on 188 pages. The last one is /nudge list page:188.")]
    [InlineData("99999999999999999999999", "There is no page 99999999999999999999999: 1,500 nudge schedules fit on 188 pages. The last one is /nudge list page:188.")]
    [InlineData("0", "Pages start at 1; 1,500 nudge schedules fit on 188 pages. Try /nudge list page:1.")]
    [InlineData("-3", "Pages start at 1; 1,500 nudge schedules fit on 188 pages. Try /nudge list page:1.")]
    [InlineData("two", "two is not a page number. Type a whole number from 1, e.g. /nudge list page:2.")]
    [InlineData("2.5", "2.5 is not a page number. Type a whole number from 1, e.g. /nudge list page:2.")]
    public async Task A_page_that_does_not_exist_gets_a_private_answer_naming_the_pages_there_are(string page, string expected)
    {
        Assert.Equal(188, Pages);
        await using var bed = await BedWithSchedulesAsync();

        var reply = await bed.NudgeAsync("list", ("page", page));

        Assert.True(reply.Ephemeral);
        Assert.Equal(expected, NudgeTestBed.Text(reply));
    }

    [Fact]
    public async Task A_channel_filter_lists_only_that_channels_schedules_in_pages_of_their_own()
    {
        await using var bed = await BedWithSchedulesAsync();
        const int inC3 = Total / Channels;
        var pages = (inC3 + NudgeListPage.PageSize - 1) / NudgeListPage.PageSize;

        var first = await bed.NudgeAsync("list", ("channel", "C3"));
        var last = await bed.NudgeAsync("list", ("channel", "C3"), ("page", pages.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var beyond = await bed.NudgeAsync("list", ("channel", "C3"), ("page", (pages + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.StartsWith($"300 nudge schedules in #C3, page 1 of {pages} (1\u2013{NudgeListPage.PageSize}):", NudgeTestBed.Text(first), StringComparison.Ordinal);
        Assert.All(Entries(first), e => Assert.Contains(e, i => i is ChannelInline { ChannelId: "C3" }));
        Assert.Equal(Enumerable.Range(0, NudgeListPage.PageSize).Select(i => $"n{3 + (i * Channels)}"), EntryIds(first));
        Assert.EndsWith("Next page: /nudge list page:2 with the channel #C3.", NudgeTestBed.Text(first), StringComparison.Ordinal);
        Assert.Equal("n1498", EntryIds(last)[^1]); // n1500 posts in C5
        Assert.All(Entries(last), e => Assert.Contains(e, i => i is ChannelInline { ChannelId: "C3" }));
        Assert.Equal($"There is no page {pages + 1}: 300 nudge schedules fit on {pages} pages. The last one is /nudge list page:{pages} with the channel #C3.", NudgeTestBed.Text(beyond));
    }

    [Fact]
    public async Task A_channel_without_schedules_says_so_and_points_to_the_whole_list()
    {
        await using var bed = await BedWithSchedulesAsync();

        var reply = await bed.NudgeAsync("list", ("channel", "C9"));

        Assert.Equal("No nudge schedule posts in #C9. /nudge list shows all of this server's schedules.", NudgeTestBed.Text(reply));
    }

    [Fact]
    public async Task A_short_list_is_one_page_without_paging_hints()
    {
        await using var bed = await NudgeTestBed.CreateAsync();
        await bed.ScheduleAsync("C1", "mon", "13:00");
        await bed.ScheduleAsync("C2", "tue", "13:00");

        var all = NudgeTestBed.Text(await bed.NudgeAsync("list"));
        var one = NudgeTestBed.Text(await bed.NudgeAsync("list", ("channel", "C2")));
        var second = NudgeTestBed.Text(await bed.NudgeAsync("list", ("page", "2")));

        Assert.StartsWith("2 nudge schedules:", all, StringComparison.Ordinal);
        Assert.DoesNotContain("page", all, StringComparison.Ordinal);
        Assert.StartsWith("1 nudge schedule in #C2:", one, StringComparison.Ordinal);
        Assert.Equal("There is no page 2: 2 nudge schedules fit on 1 page. The last one is /nudge list page:1.", second);
    }

    private static async Task<NudgeTestBed> BedWithSchedulesAsync()
    {
        var bed = await NudgeTestBed.CreateAsync(inMemory: true);
        var now = bed.Time.GetUtcNow();
        for (var i = 0; i < Total; i++)
        {
            await bed.Store.CreateAsync(
                new NewNudgeSchedule(Platform.Discord, NudgeTestBed.Tenant, $"C{(i % Channels) + 1}", DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", "u1", now.AddDays(1), now),
                NudgeTestBed.Ct);
        }

        // Another server's schedules never show up, nor count.
        await bed.Store.CreateAsync(new NewNudgeSchedule(Platform.Discord, "g2", "C1", DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", "u1", now.AddDays(1), now), NudgeTestBed.Ct);
        return bed;
    }

    private static IEnumerable<IReadOnlyList<MessageInline>> Entries(Reply reply) =>
        reply.Body.Blocks.OfType<ListBlock>().Single().Items.Select(item => ((ParagraphBlock)item[0]).Inlines);

    private static List<string> EntryIds(Reply reply) =>
        Entries(reply).Select(inlines => ((TextInline)((StrongInline)inlines[0]).Inlines[0]).Text).ToList();
}
