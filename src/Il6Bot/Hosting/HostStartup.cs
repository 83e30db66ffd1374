namespace Il6Bot.Hosting;

/// <summary>
/// Background work (the nudge loop, the outbound transports, command registration, the console) waits for
/// <see cref="IHostApplicationLifetime.ApplicationStarted"/>. The host starts hosted services in registration
/// order and the web server last, so without this wait a second instance would post nudges and connect out
/// before it found its port taken; by then options are validated, content loaded, the store migrated and
/// the port bound, and a failed start never fires it.
/// </summary>
public static class HostStartup
{
    /// <summary>True once the host has started; false when stopping (or a failed start disposing) came first.</summary>
    public static async Task<bool> WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
