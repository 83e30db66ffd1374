using Il6Bot.Content;

namespace Il6Bot.Observability;

/// <summary>
/// Counts content reloads from the store's own events (<see cref="ContentStore.Changed"/> after a reload swapped
/// in, <see cref="ContentStore.ReloadFailed"/> when it was rejected), so the store needs no metrics of its own.
/// The first load at start is not a reload: it either works or stops the start.
/// </summary>
public sealed class ContentReloadMetrics(ContentStore store, Il6BotMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += OnChanged;
        store.ReloadFailed += OnRejected;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= OnChanged;
        store.ReloadFailed -= OnRejected;
        return Task.CompletedTask;
    }

    private void OnChanged(ContentSnapshot snapshot) => metrics.ContentReloaded(ContentReloadOutcome.Ok);

    private void OnRejected(Exception error) => metrics.ContentReloaded(ContentReloadOutcome.Rejected);
}
