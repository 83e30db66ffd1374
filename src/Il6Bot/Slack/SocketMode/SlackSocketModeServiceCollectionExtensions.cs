using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

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

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SlackSocketModeStatus>();
        services.AddSingleton<SocketModeEnvelopeDispatcher>();
        services.AddPlatformHttpClient<SlackSocketModeApi>((sp, client) =>
        {
            client.BaseAddress = PlatformHttpClient.ApiBaseAddress(sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl);
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<SlackSocketModeService>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            SlackSocketModeStatus.HealthCheckName,
            sp => sp.GetRequiredService<SlackSocketModeStatus>(),
            HealthStatus.Unhealthy,
            ["transport"]));
        return services;
    }
}
