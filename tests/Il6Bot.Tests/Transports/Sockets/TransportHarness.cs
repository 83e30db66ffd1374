using Il6Bot.Tests.Infrastructure;
using Il6Bot.Transports;
using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Transports.Sockets;

/// <summary>
/// What the Gateway and Socket Mode harnesses share: a <see cref="ReconnectingTransport"/> on a fake clock against a
/// fake platform, running from construction until stopped, with every state change recorded.
/// </summary>
internal abstract class TransportHarness<TFake, TStatus, TClient> : IAsyncDisposable
    where TFake : IAsyncDisposable
    where TStatus : TransportStatus
    where TClient : ReconnectingTransport
{
    private readonly CancellationTokenSource _stop = new();

    protected TransportHarness(TFake fake, string apiBaseUrl, Func<FakeTimeProvider, TStatus> status)
    {
        Fake = fake;
        Http = new HttpClient { BaseAddress = new Uri(apiBaseUrl + "/") };
        Status = status(Time);
        States = EventRecorder<TransportSnapshot>.For(Status);
    }

    public TFake Fake { get; }

    /// <summary>The clients' clock; it reports each timer, so a test can wait until a client waits for something.</summary>
    public SignallingTimeProvider Time { get; } = new(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public TStatus Status { get; }

    public TClient Client { get; private set; } = null!;

    public EventRecorder<TransportSnapshot> States { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>For the client's REST calls, at the fake's API base.</summary>
    protected HttpClient Http { get; }

    /// <summary>Waits until the client is waiting to reconnect, then lets that wait pass on the fake clock.</summary>
    public async Task<TransportSnapshot> SkipReconnectWaitAsync()
    {
        var reconnecting = await States.WaitForAsync(s => s.State == TransportState.Reconnecting);
        Time.Advance(reconnecting.RetryIn ?? TimeSpan.Zero);
        return reconnecting;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.Within10s();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        Client.Dispose();
        Http.Dispose();
        _stop.Dispose();
        await Fake.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the client the derived constructor built, last in that constructor, once its handlers are attached.</summary>
    protected void Start(TClient client)
    {
        Client = client;
        Run = Task.Run(() => client.RunAsync(_stop.Token));
    }
}
