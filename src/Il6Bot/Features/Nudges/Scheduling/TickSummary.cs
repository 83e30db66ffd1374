using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>What one scheduler tick did; returned for tests, logs and the benchmark.</summary>
/// <param name="Lost">Stale deliveries found not posted and too late to post.</param>
/// <param name="Unknown">Stale deliveries whose outcome cannot be known (reported in <c>/nudge list</c>).</param>
/// <param name="Errors">Schedules that threw (store or poster exceptions); retried on a later tick.</param>
public sealed record TickSummary(int Posted, int Failed, int Skipped, int Lost, int Unknown, int Errors);

/// <summary>Thread-safe counters behind <see cref="TickSummary"/> (a tick posts in parallel).</summary>
internal sealed class TickCounter
{
    private int _posted;
    private int _failed;
    private int _skipped;
    private int _lost;
    private int _unknown;
    private int _errors;
    private StoreUnavailableException? _outage;

    /// <summary>The first store outage met during the tick; the tick stops taking schedules and reports it.</summary>
    public StoreUnavailableException? Outage => Volatile.Read(ref _outage);

    public void Count(PostOutcome outcome)
    {
        if (outcome == PostOutcome.Posted)
        {
            Interlocked.Increment(ref _posted);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
    }

    public void Skipped() => Interlocked.Increment(ref _skipped);

    public void Lost() => Interlocked.Increment(ref _lost);

    public void Unknown() => Interlocked.Increment(ref _unknown);

    public void Error() => Interlocked.Increment(ref _errors);

    public void StoreUnavailable(StoreUnavailableException outage) => Interlocked.CompareExchange(ref _outage, outage, null);

    public TickSummary ToSummary() => new(_posted, _failed, _skipped, _lost, _unknown, _errors);
}

/// <summary>A tick as the loop sees it: what it did, the instant it ran at, and whether it left due work behind.</summary>
internal readonly record struct TickResult(TickSummary Summary, DateTimeOffset Now, bool MoreDue);
