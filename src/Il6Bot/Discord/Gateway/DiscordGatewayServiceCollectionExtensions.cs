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
        services.AddHttpClient<DiscordGatewayRest>((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                client.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://github.com/il6bot, 1.0)");
                client.Timeout = TimeSpan.FromSeconds(30);
            })
            .RemoveAllLoggers();
        services.AddHostedService<DiscordGatewayService>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            DiscordGatewayStatus.HealthCheckName,
            sp => sp.GetRequiredService<DiscordGatewayStatus>(),
            HealthStatus.Unhealthy,
            ["transport"]));
        return services;
    }
}
