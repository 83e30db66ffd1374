using Il6Bot.Transports;
using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.Hosting;

namespace Il6Bot.Tests.Transports.Sockets;

public sealed class TransportServiceTests
{
    [Fact]
    public async Task The_transport_connects_only_once_the_host_has_started_and_is_drained_when_it_stops()
    {
        using var lifetime = new Lifetime();
        using var transport = ScriptedTransport.Create();
        transport.ThenStayConnected();
        using var service = new TransportService<ScriptedTransport>(transport, lifetime);

        await service.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, transport.AttemptCount);

        await lifetime.Started.CancelAsync();
        await transport.States.WaitForAsync(s => s.State == TransportState.Connected);
        await service.StopAsync(TestContext.Current.CancellationToken).Within10s();

        Assert.Equal(TransportState.Stopped, transport.TransportStatus.Current.State);
        Assert.Equal(1, transport.DrainCount);
    }

    [Fact]
    public async Task A_host_that_stops_before_it_started_never_connects()
    {
        using var lifetime = new Lifetime();
        using var transport = ScriptedTransport.Create();
        using var service = new TransportService<ScriptedTransport>(transport, lifetime);

        await service.StartAsync(TestContext.Current.CancellationToken);
        await service.StopAsync(TestContext.Current.CancellationToken).Within10s();

        Assert.Equal(0, transport.AttemptCount);
        Assert.Equal(0, transport.DrainCount);
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        public CancellationTokenSource Started { get; } = new();

        private CancellationTokenSource Stopping { get; } = new();

        private CancellationTokenSource Stopped { get; } = new();

        public CancellationToken ApplicationStarted => Started.Token;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => Stopped.Token;

        public void StopApplication() => Stopping.Cancel();

        public void Dispose()
        {
            Started.Dispose();
            Stopping.Dispose();
            Stopped.Dispose();
        }
    }
}
