using Il6Bot.Transports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Il6Bot.Discord.Gateway;

public static class DiscordGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Gateway transport and its <c>discord-gateway</c> health check, only for
    /// <c>Discord:Mode=Gateway</c>; in HTTP mode nothing is registered and nothing connects out.
    /// </summary>
    public static IServiceCollection AddIl6DiscordGateway(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(DiscordOptions.Section).GetValue<DiscordMode>(nameof(DiscordOptions.Mode)) != DiscordMode.Gateway)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DiscordGatewayStatus>();
        services.AddSingleton<GatewayInteractionDispatcher>();
        services.AddPlatformHttpClient<DiscordGatewayRest>((sp, client) =>
        {
            client.BaseAddress = PlatformHttpClient.ApiBaseAddress(sp.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUrl);
            client.DefaultRequestHeaders.UserAgent.ParseAdd(DiscordServiceCollectionExtensions.UserAgent);
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<DiscordGatewayService>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            DiscordGatewayStatus.HealthCheckName,
            sp => sp.GetRequiredService<DiscordGatewayStatus>(),
            HealthStatus.Unhealthy,
            ["transport"]));
        return services;
    }
}
