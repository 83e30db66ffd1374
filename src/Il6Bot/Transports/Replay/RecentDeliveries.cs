namespace Il6Bot.Transports.Replay;

/// <summary>
/// A bounded memory of recently handled deliveries (interaction ids, envelope ids), so a platform that
/// replays or redelivers one does not trigger its side effects twice. Oldest entries fall out first; the
/// capacity only has to cover the platforms' replay window (minutes), not all history.
/// </summary>
public sealed class RecentDeliveries<TValue>
{
    private readonly int _capacity;
    private readonly Dictionary<string, TValue> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public RecentDeliveries(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Returns the value remembered under any of <paramref name="keys"/>; otherwise remembers a new value
    /// under all of them. Several keys let one delivery be recognised by its envelope id and by the id of
    /// the event inside it.
    /// </summary>
    public TValue GetOrAdd(IReadOnlyList<string> keys, Func<TValue> create, out bool added)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (_entries.TryGetValue(key, out var existing))
                {
                    added = false;
                    return existing;
                }
            }

            var value = create();
            foreach (var key in keys)
            {
                _entries[key] = value;
                _order.Enqueue(key);
            }

            while (_order.Count > _capacity)
            {
                _entries.Remove(_order.Dequeue());
            }

            added = true;
            return value;
        }
    }

    /// <returns>False when <paramref name="key"/> was already remembered.</returns>
    public bool TryAdd(string key, TValue value)
    {
        GetOrAdd([key], () => value, out var added);
        return added;
    }
}
