namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// How the store fails: every operation turns a database fault (file missing or read-only, I/O error, server
/// restarting or full) into one <see cref="StoreUnavailableException"/>, remembers it for <c>/healthz</c> until a
/// write goes through again, and lets the provider drop connections that saw the fault, so the store recovers by
/// itself once the database is usable.
/// </summary>
public abstract partial class AdoNudgeStore
{
    /// <summary>
    /// Touches one row and writes it back unchanged: on SQLite a real page write (disk full, I/O errors and read-only
    /// files show), on PostgreSQL refused in a read-only transaction. Runs only while a fault is remembered.
    /// </summary>
    private const string WriteProbeSql =
        "UPDATE schema_version SET applied_at = applied_at WHERE version = (SELECT MAX(version) FROM schema_version)";

    // Why the store is unavailable, or null. Set by any operation that hits a fault, cleared only by a write (an
    // operation or the health probe's write) that went through: a read-only PostgreSQL standby still answers reads.
    private volatile string? _fault;

    /// <summary>The remembered fault, or null while the store works.</summary>
    public string? CurrentFault => _fault;

    /// <summary>
    /// Why the store cannot be used, when <paramref name="exception"/> is a database fault (connectivity, file,
    /// read-only, permission, resources); null for anything else (a bug or a constraint), which stays an ordinary error.
    /// Names the store without secrets.
    /// </summary>
    protected abstract string? DescribeFault(Exception exception);

    /// <summary>
    /// Runs after a write committed and before it is acknowledged; throws <see cref="StoreUnavailableException"/>
    /// when the write cannot have reached the database at its configured location.
    /// </summary>
    protected virtual void VerifyWriteLanded()
    {
    }

    /// <summary>Drops idle pooled connections after a fault, so none that saw the broken state is handed out again.</summary>
    protected virtual void DropPooledConnections()
    {
    }

    /// <summary>
    /// The <c>/healthz</c> probe: opens a connection (SQLite: fails for a missing or read-only file) and reads the
    /// schema (a replaced or emptied database fails here); while a fault is remembered it also writes, and clears the fault when
    /// that works. True, or <see cref="StoreUnavailableException"/> naming the fault.
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await ScalarAsync(connection, null, "SELECT MAX(version) FROM schema_version", cancellationToken);
            if (_fault is null)
            {
                return true;
            }

            await using (var transaction = await BeginWriteAsync(connection, cancellationToken))
            {
                await ExecuteAsync(connection, transaction, WriteProbeSql, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            VerifyWriteLanded();
        }
        catch (Exception ex) when (IsFault(ex))
        {
            throw Unavailable(ex);
        }

        Recovered();
        return true;
    }

    internal async Task<T> GuardReadAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception ex) when (IsFault(ex))
        {
            throw Unavailable(ex);
        }
    }

    internal async Task<T> GuardWriteAsync<T>(Func<Task<T>> operation)
    {
        T result;
        try
        {
            result = await operation();
            VerifyWriteLanded();
        }
        catch (Exception ex) when (IsFault(ex))
        {
            throw Unavailable(ex);
        }

        Recovered();
        return result;
    }

    private async Task GuardWriteAsync(Func<Task> operation) =>
        await GuardWriteAsync(async () =>
        {
            await operation();
            return true;
        });

    private bool IsFault(Exception exception) =>
        exception is StoreUnavailableException || (exception is not OperationCanceledException && DescribeFault(exception) is not null);

    private StoreUnavailableException Unavailable(Exception exception)
    {
        var unavailable = exception as StoreUnavailableException ?? new StoreUnavailableException(DescribeFault(exception)!, exception);
        var previous = _fault;
        _fault = unavailable.Message;
        DropPooledConnections();
        if (previous is null)
        {
            LogUnavailable(exception, Description, unavailable.Message);
        }

        return unavailable;
    }

    private void Recovered()
    {
        if (_fault is not null)
        {
            _fault = null;
            LogRecovered(Description);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge store {Store} is unavailable: {Fault}. Nothing is written until it works again; every operation and /healthz retries")]
    private partial void LogUnavailable(Exception ex, string store, string fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge store {Store} works again")]
    private partial void LogRecovered(string store);
}
