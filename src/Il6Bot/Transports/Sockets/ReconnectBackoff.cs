namespace Il6Bot.Transports.Sockets;

/// <summary>
/// Delay before the next reconnect attempt of a long-lived connection (Discord Gateway, Slack Socket Mode):
/// exponential from <see cref="Initial"/>, capped at <see cref="Cap"/>, with "equal jitter" — half of each
/// step is fixed so a flapping link never hot-loops, half is random so many bots that lost the same edge
/// server don't all come back in the same instant.
/// </summary>
public sealed class ReconnectBackoff
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(30);

    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(Random random, TimeSpan? initial = null, TimeSpan? cap = null)
    {
        _random = random;
        Initial = initial ?? DefaultInitial;
        Cap = cap ?? DefaultCap;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Cap { get; }

    /// <summary>Failed attempts since the last <see cref="Reset"/>.</summary>
    public int Attempt => _attempt;

    public TimeSpan Next()
    {
        // Clamp the exponent: past ~2^10 the cap always wins and larger shifts would overflow.
        var exponent = Math.Min(_attempt, 16);
        _attempt++;
        var ceiling = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Initial.Ticks * (1L << exponent)));
        var half = ceiling / 2;
        return half + (half * _random.NextDouble());
    }

    /// <summary>Called once a session is established, so the next outage starts again with a quick retry.</summary>
    public void Reset() => _attempt = 0;
}
