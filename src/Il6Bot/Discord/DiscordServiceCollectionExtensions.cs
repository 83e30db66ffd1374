using Microsoft.Extensions.Options;

namespace Il6Bot.Discord;

public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Discord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
