using Il6Bot.Commands.Il6;
using Il6Bot.Content;

namespace Il6Bot.Commands;

public static class CommandServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Commands(this IServiceCollection services)
    {
        services.AddSingleton<CommandEngine>();
        services.AddSingleton<ICommandHandler, Il6CommandHandler>();
        services.AddSingleton<IContentPreparer, Il6ContentPreparer>();
        return services;
    }
}
