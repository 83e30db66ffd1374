using Il6Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.SocketMode;

/// <summary>Runs the Socket Mode connection for the host's lifetime when <c>Slack:Mode</c> is <c>SocketMode</c>.</summary>
public sealed class SlackSocketModeService(
    IOptions<SlackOptions> options,
    SlackSocketModeApi api,
    SlackSocketModeStatus status,
    SocketModeEnvelopeDispatcher dispatcher,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<SlackSocketModeClient> clientLogger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var client = new SlackSocketModeClient(options.Value, api, status, time, Random.Shared, clientLogger, dispatcher.DispatchAsync);
        await client.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
