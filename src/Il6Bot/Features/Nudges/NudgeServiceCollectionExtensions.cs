using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges;

public static class NudgeServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Nudges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<NudgesOptions>().Bind(configuration.GetSection(NudgesOptions.Section));
        services.AddNudgeStore();
        services.AddNudgeScheduling();
        return services;
    }

    /// <summary>
    /// The scheduler side of nudges: occurrences, the posting loop and <c>/nudge</c>. Needs an
    /// <see cref="INudgeStore"/>, an <see cref="Content.IContentStore"/> and the platforms' <see cref="INudgePoster"/>s
    /// registered elsewhere.
    /// </summary>
    public static IServiceCollection AddNudgeScheduling(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NudgesOptions>, NudgesOptionsValidator>());
        services.AddOptions<NudgesOptions>().ValidateOnStart();

        services.TryAddSingleton<WeeklyOccurrences>();
        services.TryAddSingleton<ExactlyOncePolicy>();
        services.AddIl6BotMetrics();
        services.TryAddSingleton<NudgeSchedulerWakeup>();
        services.TryAddSingleton<FailingScheduleNotifier>();
        services.TryAddSingleton<NudgeDispatcher>();
        services.TryAddSingleton<NudgeScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<NudgeScheduler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, NudgeCommandHandler>());
        return services;
    }
}
