namespace Il6Bot.Slack;

/// <summary>
/// On graceful shutdown, waits for slash-command answers still on their way to <c>response_url</c>
/// (<see cref="SlackCommandHandler.DrainAsync"/>), at most until the host's shutdown deadline. It runs in
/// <see cref="StoppedAsync"/>, after the transports have stopped, so no new commands arrive meanwhile.
/// </summary>
public sealed class SlackFollowUpDrain(SlackCommandHandler handler) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => handler.DrainAsync(cancellationToken);
}
