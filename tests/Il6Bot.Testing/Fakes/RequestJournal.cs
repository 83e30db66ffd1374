namespace Il6Bot.Testing.Fakes;

/// <summary>
/// What a fake platform server received, in order, with a way to await a request instead of sleeping.
/// Shared by every fake so "record, then wake whoever waits for it" is written once.
/// </summary>
public sealed class RequestJournal<T>
    where T : class
{
    // A wait for a request the bot never sends fails the test instead of hanging the run.
    private static readonly TimeSpan LivenessGuard = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<T> _entries = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(T entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(entry);
            }
        }
    }

    /// <summary>Completes with the first entry (already recorded or future) matching <paramref name="match"/>.</summary>
    public Task<T> WaitForAsync(Func<T, bool> match, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var seen = _entries.FirstOrDefault(match);
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(LivenessGuard, cancellationToken);
        }
    }
}
