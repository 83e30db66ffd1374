namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// The store contract on <see cref="InMemoryNudgeStore"/>, so the scheduler and command tests that run on it rely
/// on the same behaviour as production. Its "database" is the one instance: every "host" shares it.
/// </summary>
public sealed class InMemoryNudgeStoreTests : NudgeStoreContractTests<InMemoryNudgeStore>
{
    private InMemoryNudgeStore? _database;

    protected override Task<InMemoryNudgeStore> CreateStoreAsync(string hostName) => Task.FromResult(_database ??= new InMemoryNudgeStore(Clock));
}
