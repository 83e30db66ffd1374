namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The schedule store cannot be used right now (database file missing, replaced or read-only, disk or I/O
/// error, server restarting or unreachable, connection limit reached). The operation changed nothing; it can be
/// tried again once the store is back. <see cref="Exception.Message"/> names the store and the fault (never a
/// password), for logs and <c>/healthz</c>; members get a fixed sentence instead.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
