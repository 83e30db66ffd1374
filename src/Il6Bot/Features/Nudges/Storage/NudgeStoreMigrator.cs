using Il6Bot.Hosting;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// Migrates the store in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// StartAsync: the scheduler loop and the transports never see an old schema. An unreachable database
/// stops start-up with a message that says what to check.
/// </summary>
public sealed partial class NudgeStoreMigrator(INudgeStore store, ILogger<NudgeStoreMigrator> logger) : StartupStep
{
    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        var description = store is AdoNudgeStore ado ? ado.Description : store.GetType().Name;
        try
        {
            await store.MigrateAsync(cancellationToken);
            LogReady(description);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The message, not the stack: this ends start-up, and Program reports it on one line.
            LogFailed(description, ex.Message);
            throw new StartupException(
                $"Storage:ConnectionString: the nudge store ({description}) could not be opened or migrated: {ex.Message} " +
                "Check Storage:ConnectionString (a writable folder for SQLite, a reachable server for Postgres) and Storage:Provider.",
                ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge store ready: {Store}")]
    private partial void LogReady(string store);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Nudge store {Store} could not be opened or migrated: {Error}")]
    private partial void LogFailed(string store, string error);
}
