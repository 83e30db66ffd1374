using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Issue 13, insights: the built bot as a console process. What members read and ask shows in <c>/insights</c>, a reset
/// needs its confirmation, and what was counted after the last flush reaches the database when the bot shuts down.
/// </summary>
public sealed class InsightsConsoleProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sections_and_unanswered_searches_show_in_insights_reset_is_confirmed_and_shutdown_flushes()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-insights-").FullName;
        try
        {
            await using var bot = await ConsoleBotProcess.StartAsync(dir, asUser: null, Ct);
            Assert.Contains("Benefits", await bot.SendAsync("/il6 benefits", Ct), StringComparison.OrdinalIgnoreCase);
            await bot.SendAsync("/il6 xylophone quasar", Ct);

            var insights = await bot.SendAsync("/insights", Ct);
            Assert.True(insights.Contains("Top topics: benefits 1 (1 command)", StringComparison.Ordinal), insights);
            Assert.Contains("Searches with no good match: “xylophone quasar” ×1", insights, StringComparison.Ordinal);

            var asked = await bot.SendAsync("/insights reset", Ct);
            Assert.Contains(InsightsCommandHandler.ConfirmText(CommandRequest.DefaultTenantNoun), asked, StringComparison.Ordinal);
            Assert.Contains("[Clear insights] \u2192 /insights reset confirm", asked, StringComparison.Ordinal);
            Assert.Contains("Top topics: benefits 1", await bot.SendAsync("/insights show", Ct), StringComparison.Ordinal);

            Assert.Contains("Cleared this server's insights: 1 daily count of topics read", await bot.SendAsync("/insights reset confirm", Ct), StringComparison.Ordinal);
            Assert.Contains("Top topics: none yet", await bot.SendAsync("/insights", Ct), StringComparison.Ordinal);

            // Counted after the last flush: only the shutdown flush can write it.
            await bot.SendAsync("/il6 how", Ct);
            Assert.Equal(0, await bot.StopAsync(Ct));

            await using var store = new SqliteNudgeStore($"Data Source={bot.DatabasePath}", TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance);
            var totals = await store.ReadAsync(new InsightsTenant(Platform.Console, "local"), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), Ct);
            Assert.Equal(1, totals.Of(InsightsMetric.SectionByCommand, "how"));
            Assert.Equal(0, totals.Of(InsightsMetric.SectionByCommand, "benefits"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
