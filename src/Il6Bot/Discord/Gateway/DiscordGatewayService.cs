using Il6Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Il6Bot.Discord.Gateway;

/// <summary>Runs the Gateway connection for the host's lifetime when <c>Discord:Mode</c> is <c>Gateway</c>.</summary>
public sealed class DiscordGatewayService(
    IOptions<DiscordOptions> options,
    DiscordGatewayRest rest,
    DiscordGatewayStatus status,
    GatewayInteractionDispatcher dispatcher,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordGatewayClient> clientLogger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var client = new DiscordGatewayClient(options.Value, rest, status, time, Random.Shared, clientLogger, dispatcher.DispatchAsync);
        await client.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
