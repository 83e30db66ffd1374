using Il6Bot.Commands.Buttons;
using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Observability;

namespace Il6Bot.Commands;

public static class CommandServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Commands(this IServiceCollection services)
    {
        services.AddIl6BotMetrics();
        services.AddSingleton<CommandEngine>();
        services.AddSingleton<ICommandHandler, Il6CommandHandler>();
        services.AddSingleton<ButtonRouter>();
        services.AddSingleton<IButtonHandler, Il6ButtonHandler>();
        services.AddSingleton<Il6Replies>();
        services.AddSingleton<IContentReplies>(sp => sp.GetRequiredService<Il6Replies>());
        return services;
    }

    /// <summary>
    /// The platform's <see cref="DeadlineResponder"/> (keyed by <paramref name="platform"/>), also run as a hosted
    /// service so a graceful shutdown waits for its late answers.
    /// </summary>
    /// <param name="lateAnswers">What a late answer is called in logs.</param>
    public static IServiceCollection AddDeadlineResponder(this IServiceCollection services, Platform platform, string lateAnswers)
    {
        services.AddKeyedSingleton(platform, (sp, _) => new DeadlineResponder(
            lateAnswers, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeadlineResponder>>()));

        // Not AddHostedService: it adds one factory-made service per type, and each platform has its own responder.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<DeadlineResponder>(platform));
        return services;
    }
}
