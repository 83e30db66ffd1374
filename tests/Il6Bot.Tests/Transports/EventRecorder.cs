using System.Threading.Channels;
using Il6Bot.Transports;

namespace Il6Bot.Tests.Transports;

/// <summary>
/// Records events in order from the moment it is created, so a test can wait for "the next event like X"
/// without racing the code that raises it.
/// </summary>
internal sealed class EventRecorder<T>
{
    private readonly Channel<T> _events = Channel.CreateUnbounded<T>();

    public void Add(T item) => _events.Writer.TryWrite(item);

    /// <summary>Consumes events until one matches; fails after 10 s.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            T item;
            try
            {
                item = await _events.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("expected event did not happen within 10 s");
            }

            if (match(item))
            {
                return item;
            }
        }
    }

    public static EventRecorder<TransportSnapshot> For(TransportStatus status)
    {
        var recorder = new EventRecorder<TransportSnapshot>();
        status.Changed += recorder.Add;
        return recorder;
    }
}
