using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Insights;

public sealed class SqliteInsightsStoreTests : InsightsStoreContractTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("il6bot-insights-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "il6bot.db")}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Rows outlive releases: each metric's stored code keeps its meaning, and a code only a newer release writes (the
    /// database may be shared with one, or the bot rolled back) is left out of the totals instead of failing <c>/insights</c>.
    /// </summary>
    [Fact]
    public async Task Stored_codes_keep_their_meaning_and_a_newer_releases_code_is_skipped()
    {
        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO insights_counts (platform, tenant_id, day, metric, name, count) VALUES
                ('discord', 'guild-1', '2026-12-05', 'command', 'how', 1),
                ('discord', 'guild-1', '2026-12-05', 'search', 'how', 2),
                ('discord', 'guild-1', '2026-12-05', 'button', 'how', 3),
                ('discord', 'guild-1', '2026-12-05', 'read-more', 'how', 4),
                ('discord', 'guild-1', '2026-12-05', 'share', 'how', 5),
                ('discord', 'guild-1', '2026-12-05', 'nudge-post', 'n1/hiit', 6),
                ('discord', 'guild-1', '2026-12-05', 'nudge-read-more', 'n1/hiit', 7),
                ('discord', 'guild-1', '2026-12-05', 'poll-vote', 'how', 8)
                """;
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var totals = await Store.ReadAsync(Guild, Today, Ct);

        Assert.Equal(
            [
                new MetricTotal(InsightsMetric.SectionByCommand, "how", 1),
                new MetricTotal(InsightsMetric.SectionBySearch, "how", 2),
                new MetricTotal(InsightsMetric.SectionByButton, "how", 3),
                new MetricTotal(InsightsMetric.SectionByReadMore, "how", 4),
                new MetricTotal(InsightsMetric.Share, "how", 5),
                new MetricTotal(InsightsMetric.NudgePosted, "n1/hiit", 6),
                new MetricTotal(InsightsMetric.NudgeReadMore, "n1/hiit", 7),
            ],
            totals.Metrics.OrderBy(m => m.Count));
    }

    protected override async Task<IInsightsStore> CreateStoreAsync()
    {
        var store = new SqliteNudgeStore(ConnectionString, Clock, NullLogger<SqliteNudgeStore>.Instance);
        await store.MigrateAsync(Ct);
        return store;
    }
}
