using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Storage;

public static class NudgeStoreServiceCollectionExtensions
{
    /// <summary>
    /// The store picked by <c>Storage:Provider</c>, validated and migrated at start, with the <c>store</c>
    /// health check. Expects <see cref="StorageOptions"/> to be bound already.
    /// </summary>
    public static IServiceCollection AddNudgeStore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(NudgeStoreFactory.Create);
        services.TryAddSingleton<INudgeStore>(sp => sp.GetRequiredService<AdoNudgeStore>());
        services.AddHostedService<NudgeStoreMigrator>();
        services.AddHealthChecks().AddCheck<NudgeStoreHealthCheck>("store");
        return services;
    }
}
