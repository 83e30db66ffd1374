using Il6Bot.Transports;

namespace Il6Bot.Slack.SocketMode;

public static class SlackSocketModeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket Mode transport and its <c>slack-socket</c> health check, only for
    /// <c>Slack:Mode=SocketMode</c>.
    /// </summary>
    public static IServiceCollection AddIl6SlackSocketMode(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(SlackOptions.Section).GetValue<SlackMode>(nameof(SlackOptions.Mode)) != SlackMode.SocketMode)
        {
            return services;
        }

        services.AddTransportApiClient<SlackSocketModeApi, SlackOptions>(options => options.ApiBaseUrl);
        services.AddSingleton<SocketModeEnvelopeDispatcher>();
        return services.AddReconnectingTransport<SlackSocketModeStatus, SlackSocketModeClient, SlackOptions>(
            SlackSocketModeStatus.HealthCheckName, sp => sp.GetRequiredService<SocketModeEnvelopeDispatcher>().DispatchAsync);
    }
}
