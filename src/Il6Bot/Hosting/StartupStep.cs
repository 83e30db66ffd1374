namespace Il6Bot.Hosting;

/// <summary>
/// Work that must finish before anything starts: the host runs every <see cref="StartingAsync"/> before any hosted
/// service's <c>StartAsync</c>, in registration order, and a throw (a <see cref="StartupException"/> saying what to
/// fix) stops start-up. The other lifecycle stages have nothing to do.
/// </summary>
public abstract class StartupStep : IHostedLifecycleService
{
    public abstract Task StartingAsync(CancellationToken cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
