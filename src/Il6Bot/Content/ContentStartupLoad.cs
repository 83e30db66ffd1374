namespace Il6Bot.Content;

/// <summary>
/// Loads the content in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// <c>StartAsync</c>: everything that reads content at start finds it loaded, and bad content stops start-up
/// with its <see cref="ContentException"/> (file:line) instead of failing inside a constructor during DI.
/// </summary>
public sealed class ContentStartupLoad(ContentStore store) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        store.Load();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
