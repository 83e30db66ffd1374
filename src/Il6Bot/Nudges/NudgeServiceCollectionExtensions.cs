using Il6Bot.Nudges.Storage;

namespace Il6Bot.Nudges;

public static class NudgeServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Nudges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<NudgesOptions>().Bind(configuration.GetSection(NudgesOptions.Section));
        services.AddNudgeStore();
        return services;
    }
}
