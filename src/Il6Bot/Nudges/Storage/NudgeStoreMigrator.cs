namespace Il6Bot.Nudges.Storage;

/// <summary>
/// Migrates the store in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// StartAsync: the scheduler loop and the transports never see an old schema. An unreachable database
/// stops start-up with a message that says what to check.
/// </summary>
public sealed partial class NudgeStoreMigrator(INudgeStore store, ILogger<NudgeStoreMigrator> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var description = store is AdoNudgeStore ado ? ado.Description : store.GetType().Name;
        try
        {
            await store.MigrateAsync(cancellationToken);
            LogReady(description);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, description);
            throw new InvalidOperationException(
                $"The nudge store ({description}) could not be opened or migrated: {ex.Message} " +
                "Check Storage:Provider and Storage:ConnectionString, and that the database server is reachable.",
                ex);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge store ready: {Store}")]
    private partial void LogReady(string store);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Nudge store {Store} could not be opened or migrated")]
    private partial void LogFailed(Exception ex, string store);
}
