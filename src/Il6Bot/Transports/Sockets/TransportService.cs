using Il6Bot.Hosting;

namespace Il6Bot.Transports.Sockets;

/// <summary>Runs one <see cref="ReconnectingTransport"/> for the host's lifetime, from the moment the host has started.</summary>
/// <remarks>Generic so that each transport is its own hosted service type: the host keeps one of each.</remarks>
internal sealed class TransportService<TTransport>(TTransport transport, IHostApplicationLifetime lifetime) : BackgroundService
    where TTransport : ReconnectingTransport
{
    public override void Dispose()
    {
        transport.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            await transport.RunAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
