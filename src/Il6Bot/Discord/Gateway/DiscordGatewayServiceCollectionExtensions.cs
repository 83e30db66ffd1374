using Il6Bot.Transports;

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

        services.AddTransportApiClient<DiscordGatewayRest, DiscordOptions>(options => options.ApiBaseUrl, DiscordServiceCollectionExtensions.UserAgent);
        services.AddSingleton<GatewayInteractionDispatcher>();
        return services.AddReconnectingTransport<DiscordGatewayStatus, DiscordGatewayClient, DiscordOptions>(
            DiscordGatewayStatus.HealthCheckName, sp => sp.GetRequiredService<GatewayInteractionDispatcher>().DispatchAsync);
    }
}
