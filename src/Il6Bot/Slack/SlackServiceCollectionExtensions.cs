using Microsoft.Extensions.Options;

namespace Il6Bot.Slack;

public static class SlackServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Slack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
