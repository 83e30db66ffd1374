using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Insights;

public static class InsightsServiceCollectionExtensions
{
    /// <summary>
    /// Counting, the flush loop, <c>/insights</c> and its reset button. The counts live in the nudge store's database
    /// (<see cref="AdoNudgeStore"/>, registered by <c>AddNudgeStore</c>) unless an <see cref="IInsightsStore"/> is registered first.
    /// </summary>
    public static IServiceCollection AddIl6Insights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InsightsOptions>().Bind(configuration.GetSection(InsightsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InsightsOptions>, InsightsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInsightsStore>(sp => sp.GetRequiredService<AdoNudgeStore>());
        services.TryAddSingleton<InsightsRecorder>();
        services.TryAddSingleton<InsightsResetter>();
        services.TryAddSingleton<InsightsFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightsFlusher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, InsightsCommandHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IButtonHandler, ResetInsightsButtonHandler>());
        return services;
    }
}
