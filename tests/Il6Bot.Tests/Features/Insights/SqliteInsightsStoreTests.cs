using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Insights;

public sealed class SqliteInsightsStoreTests : InsightsStoreContractTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("il6bot-insights-").FullName;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    protected override async Task<IInsightsStore> CreateStoreAsync()
    {
        var store = new SqliteNudgeStore($"Data Source={Path.Combine(_dir, "il6bot.db")}", Clock, NullLogger<SqliteNudgeStore>.Instance);
        await store.MigrateAsync(Ct);
        return store;
    }
}
