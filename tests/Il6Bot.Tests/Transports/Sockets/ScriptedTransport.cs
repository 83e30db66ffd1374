using System.Threading.Channels;
using Il6Bot.Transports;
using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Transports.Sockets;

/// <summary>
/// A <see cref="ReconnectingTransport"/> whose connections are scripted: each attempt runs the next step
/// given to it, so a test drives the base loop alone, on a fake clock.
/// </summary>
internal sealed class ScriptedTransport : ReconnectingTransport
{
    private readonly Channel<Func<ScriptedTransport, CancellationToken, Task<TransportEnd>>> _steps = Channel.CreateUnbounded<Func<ScriptedTransport, CancellationToken, Task<TransportEnd>>>();
    private readonly string? _configurationProblem;
    private int _drains;

    private ScriptedTransport(Status status, FakeTimeProvider time, double random, string? configurationProblem)
        : base(status, time, new FixedRandom(random))
    {
        TransportStatus = status;
        FakeTime = time;
        _configurationProblem = configurationProblem;
        States = EventRecorder<TransportSnapshot>.For(status);
    }

    public TransportStatus TransportStatus { get; }

    public FakeTimeProvider FakeTime { get; }

    public EventRecorder<TransportSnapshot> States { get; }

    /// <summary>When each connection attempt began, on the fake clock.</summary>
    public EventRecorder<DateTimeOffset> Attempts { get; } = new();

    public int AttemptCount { get; private set; }

    public int DrainCount => Volatile.Read(ref _drains);

    /// <summary>Completed by the test to let <see cref="DrainAsync"/> finish; already done unless set.</summary>
    public TaskCompletionSource DrainGate { get; set; } = CompletedGate();

    protected override string? ConfigurationProblem => _configurationProblem;

    protected override string NextAttempt => "retrying";

    public static ScriptedTransport Create(double random = 0.5, string? configurationProblem = null)
    {
        var time = new FakeTimeProvider();
        return new ScriptedTransport(new Status(time), time, random, configurationProblem);
    }

    /// <summary>Runs the loop until the returned handle is disposed, which shuts it down and waits for the end.</summary>
    public Running Start() => new(this);

    /// <summary>The next connection attempt ends as <paramref name="step"/> says.</summary>
    public void Then(Func<ScriptedTransport, CancellationToken, Task<TransportEnd>> step) => _steps.Writer.TryWrite(step);

    /// <summary>The next connection attempts end as <paramref name="ends"/> say, one each.</summary>
    public void Then(params TransportEnd[] ends)
    {
        foreach (var end in ends)
        {
            Then((_, _) => Task.FromResult(end));
        }
    }

    /// <summary>The next attempt connects and runs until shutdown.</summary>
    public void ThenStayConnected(string detail = "up") => Then(async (transport, token) =>
    {
        transport.ReportConnected(detail);
        await Task.Delay(Timeout.InfiniteTimeSpan, token);
        return new TransportEnd.Stopped();
    });

    public void Connected(string detail) => ReportConnected(detail);

    public void Resumed(string detail) => ReportResumed(detail);

    public void Connecting(string detail) => ReportConnecting(detail);

    protected override async Task<TransportEnd> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        AttemptCount++;
        Attempts.Add(FakeTime.GetUtcNow());
        var step = await _steps.Reader.ReadAsync(stoppingToken);
        return await step(this, stoppingToken);
    }

    protected override async Task DrainAsync()
    {
        Interlocked.Increment(ref _drains);
        await DrainGate.Task;
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    public sealed class Status(TimeProvider time) : TransportStatus("scripted", NullLogger.Instance, time);

    public sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Running(ScriptedTransport transport) => Run = transport.RunAsync(_stop.Token);

        public Task Run { get; }

        public Task StopAsync() => _stop.CancelAsync();

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Run.Within10s();
            _stop.Dispose();
        }
    }
}
