using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A platform's world with one host whose replay guards report each copy they receive (<see cref="ReplayLog"/>), and
/// a gate that holds a platform call until the copies have arrived.
/// </summary>
public abstract class ReplayEndToEndTests<TWorld, TFake> : IAsyncLifetime
    where TWorld : BotWorld<TFake>
    where TFake : IAsyncDisposable
{
    protected ReplayLog Log { get; } = new();

    /// <summary>Lets a held platform call go on; set on dispose too, so a failing test cannot leave the host waiting.</summary>
    protected TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected TWorld World { get; private set; } = null!;

    protected BotHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        World = await StartWorldAsync();
        Host = await World.StartHostAsync(settings: ReplayLog.Settings, configure: Log.AddTo);
    }

    public async ValueTask DisposeAsync()
    {
        Release.TrySetResult();
        await World.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract Task<TWorld> StartWorldAsync();
}
