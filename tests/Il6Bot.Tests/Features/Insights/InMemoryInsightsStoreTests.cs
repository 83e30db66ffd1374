using Il6Bot.Features.Insights;

namespace Il6Bot.Tests.Features.Insights;

public sealed class InMemoryInsightsStoreTests : InsightsStoreContractTests
{
    protected override Task<IInsightsStore> CreateStoreAsync() => Task.FromResult<IInsightsStore>(new InMemoryInsightsStore(Clock));
}
