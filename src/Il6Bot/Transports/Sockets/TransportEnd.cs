namespace Il6Bot.Transports.Sockets;

/// <summary>
/// Why one connection of a <see cref="ReconnectingTransport"/> ended, and so what its loop does next. The
/// set is closed: the loop handles every kind, and a new kind has to be taught to it.
/// </summary>
public abstract record TransportEnd
{
    private TransportEnd()
    {
    }

    /// <summary>Wait, then connect again.</summary>
    /// <param name="Reason">What went wrong, for the status; never a secret.</param>
    /// <param name="Delay">How long to wait; null for the next step of the capped, jittered backoff.</param>
    public sealed record Retry(string Reason, TimeSpan? Delay = null) : TransportEnd;

    /// <summary>
    /// The platform asked for a new connection while the old one still serves: open the replacement at once,
    /// with no backoff; the transport lets the old one go once the new one is up.
    /// </summary>
    /// <param name="Detail">The status detail while the replacement opens.</param>
    public sealed record Replace(string Detail) : TransportEnd;

    /// <summary>Retrying can only fail the same way again: stop for good and mark the status fatal.</summary>
    /// <param name="Reason">What the operator has to fix; never a secret.</param>
    public sealed record Fatal(string Reason) : TransportEnd;

    /// <summary>The host is shutting down.</summary>
    public sealed record Stopped : TransportEnd;
}
