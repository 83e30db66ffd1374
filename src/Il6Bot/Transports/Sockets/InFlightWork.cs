using System.Collections.Concurrent;

namespace Il6Bot.Transports.Sockets;

/// <summary>
/// Work a transport started off its receive loop (handling an event, acknowledging an envelope), tracked so
/// that ending a connection or shutting down can wait for it, for a bounded time.
/// </summary>
internal sealed class InFlightWork : IDisposable
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _giveUp = new();
    private long _nextId;

    /// <summary>Cancelled when a drain ran out of time: the work still running should give up.</summary>
    public CancellationToken GiveUp => _giveUp.Token;

    /// <summary>
    /// Runs <paramref name="work"/> after a yield, so the receive loop goes on at once (a handler may take
    /// seconds; heartbeats and other messages may not wait for it). The work handles its own failures.
    /// </summary>
    public void Start(Func<Task> work)
    {
        var id = Interlocked.Increment(ref _nextId);
        _running[id] = RunAsync(id, work);
    }

    /// <returns>False when <paramref name="timeout"/> passed first; <see cref="GiveUp"/> is then cancelled.</returns>
    public async Task<bool> DrainAsync(TimeSpan timeout, TimeProvider time)
    {
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(timeout, time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            await _giveUp.CancelAsync().ConfigureAwait(false);
            return false;
        }
    }

    public void Dispose() => _giveUp.Dispose();

    private async Task RunAsync(long id, Func<Task> work)
    {
        await Task.Yield();
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }
}
