using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>The contract on PostgreSQL, in a private schema of the server in IL6BOT_POSTGRES.</summary>
public sealed class PostgresInsightsStoreTests : InsightsStoreContractTests
{
    private PostgresDatabase? _database;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IInsightsStore> CreateStoreAsync()
    {
        _database = await PostgresDatabase.CreateAsync(Ct);
        var store = new PostgresNudgeStore(_database.ConnectionString, Clock, NullLogger<PostgresNudgeStore>.Instance);
        await store.MigrateAsync(Ct);
        return store;
    }
}
