using System.Globalization;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Discord.Rest;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// <c>/nudge list</c> in a server with 1,500 schedules, through the real host on SQLite: every page is one
/// message (one Discord callback, one Slack answer), and Discord registers the paging options validly.
/// </summary>
public sealed class NudgeListEndToEndTests
{
    private const int Total = 1_500;
    private static readonly int Pages = NudgeListPage.PageCount(Total);

    [Fact]
    public async Task Discord_pages_through_1500_schedules_one_callback_each()
    {
        await using var world = await DiscordWorld.StartAsync();
        world.Fake.Channels["200"] = (DiscordWorld.Guild, 0);
        var host = await world.StartHostAsync();
        await SeedAsync(host, Platform.Discord, DiscordWorld.Guild, i => i % 3 == 0 ? "200" : DiscordWorld.Channel);

        var first = await world.NudgeAsync(host, "list");
        var last = await world.NudgeAsync(host, "list", DiscordWorld.ManageGuild, ("page", Pages.ToString(CultureInfo.InvariantCulture)));
        var beyond = await world.NudgeAsync(host, "list", DiscordWorld.ManageGuild, ("page", "9999"));
        var filtered = await world.NudgeAsync(host, "list", DiscordWorld.ManageGuild, ("channel", "200"), ("page", "2"));

        Assert.All([first, last, beyond, filtered], a => Assert.Equal((4, true), (a.Type, a.Ephemeral)));
        Assert.Contains($"1,500 nudge schedules, page 1 of {Pages} (1\u2013{NudgeListPage.PageSize}):", first.Text, StringComparison.Ordinal);
        Assert.Contains("Next page: `/nudge list page:2`", first.Text, StringComparison.Ordinal);
        Assert.Contains($"page {Pages} of {Pages}", last.Text, StringComparison.Ordinal);
        Assert.Contains("This is the last page", last.Text, StringComparison.Ordinal);
        Assert.Contains($"There is no page 9999: 1,500 nudge schedules fit on {Pages} pages.", beyond.Text, StringComparison.Ordinal);
        Assert.Contains("500 nudge schedules in <#200>, page 2 of 63 (9\u201316):", filtered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain($"<#{DiscordWorld.Channel}>", filtered.Text, StringComparison.Ordinal);

        // Every page is one message: nothing is left to follow the callback.
        var handler = host.Services.GetRequiredService<DiscordInteractionHandler>();
        foreach (var page in new[] { "1", "2", Pages.ToString(CultureInfo.InvariantCulture) })
        {
            var interaction = world.NudgeInteraction(DiscordWorld.Guild, "list", DiscordWorld.ManageGuild, ("page", page));
            var result = await handler.HandleAsync(Encoding.UTF8.GetBytes(interaction.ToJsonString()), E2E.Ct);
            Assert.Equal((int)DiscordCallbackType.ChannelMessageWithSource, System.Text.Json.JsonDocument.Parse(result.CallbackBody).RootElement.GetProperty("type").GetInt32());
            Assert.True(result.BackgroundWork.IsCompleted, $"page {page} needs follow-ups");
            result.Acknowledge();
        }

        Assert.DoesNotContain(world.Fake.Requests, r => r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discord_registers_list_with_a_channel_and_an_integer_page_option()
    {
        await using var world = await DiscordWorld.StartAsync();
        await world.StartHostAsync();

        var registration = Assert.Single(world.Fake.Requests, r => r.Method == "PUT" && r.Path == $"/applications/{DiscordWorld.ApplicationId}/commands");
        var nudge = registration.Json.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "nudge");
        var list = nudge.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "list");
        var options = list.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);

        Assert.Equal(["channel", "page"], options.Keys);
        Assert.Equal(7, options["channel"].GetProperty("type").GetInt32());
        Assert.Equal([0, 5], options["channel"].GetProperty("channel_types").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(options["channel"].TryGetProperty("min_value", out _));
        Assert.Equal(4, options["page"].GetProperty("type").GetInt32());
        Assert.Equal(1, options["page"].GetProperty("min_value").GetInt32());
        Assert.False(options["page"].TryGetProperty("channel_types", out _));
        Assert.False(options["page"].TryGetProperty("autocomplete", out _));
        Assert.All(options.Values, o => Assert.False(o.TryGetProperty("required", out _)));
        Assert.All(options.Values, o => Assert.InRange(o.GetProperty("description").GetString()!.Length, 1, 100));

        // Nothing else in the body carries a min_value: Discord allows it on INTEGER and NUMBER options only.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(registration.Json.GetRawText(), "\"min_value\""));
    }

    [Fact]
    public async Task Slack_pages_through_1500_schedules_in_one_message_each()
    {
        await using var world = await SlackWorld.StartAsync();
        world.Fake.Channels["C456"] = (true, false);
        var logs = new CapturingLoggerProvider();
        var host = await world.StartHostAsync(configure: builder => builder.Logging.AddProvider(logs));
        await SeedAsync(host, Platform.Slack, SlackWorld.Team, i => i % 3 == 0 ? "C456" : SlackWorld.Channel);

        var first = await world.NudgeAsync(host, "list");
        var second = await world.NudgeAsync(host, "list 2");
        var last = await world.NudgeAsync(host, $"list page={Pages}");
        var beyond = await world.NudgeAsync(host, $"list page={Pages + 1}");
        var filtered = await world.NudgeAsync(host, "list <#C456|training> page=63");

        Assert.All([first, second, last, beyond, filtered], a => Assert.True(a.Ephemeral));
        Assert.All([first, second, last, filtered], a => Assert.InRange(a.Json.GetProperty("blocks").GetArrayLength(), 1, 50));
        Assert.Contains($"page 1 of {Pages}", first.Text, StringComparison.Ordinal);
        Assert.Contains($"page 2 of {Pages} (9\u201316)", second.Text, StringComparison.Ordinal);
        Assert.Contains("This is the last page", last.Text, StringComparison.Ordinal);
        Assert.Contains($"There is no page {Pages + 1}", beyond.Text, StringComparison.Ordinal);
        Assert.Contains("500 nudge schedules in <#C456>, page 63 of 63 (497\u2013500):", filtered.Text, StringComparison.Ordinal);
        Assert.All([first, second, last, beyond, filtered], a => Assert.DoesNotContain("too long", a.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Il6Bot.", StringComparison.Ordinal));
    }

    private static async Task SeedAsync(BotHost host, Platform platform, string tenant, Func<int, string> channel)
    {
        var store = host.Services.GetRequiredService<INudgeStore>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < Total; i++)
        {
            await store.CreateAsync(
                new NewNudgeSchedule(platform, tenant, channel(i), DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", "u1", now.AddDays(1), now),
                E2E.Ct);
        }
    }
}
