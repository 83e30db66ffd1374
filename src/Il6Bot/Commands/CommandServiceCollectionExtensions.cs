namespace Il6Bot.Commands;

public static class CommandServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Commands(this IServiceCollection services)
    {
        services.AddSingleton<CommandEngine>();
        return services;
    }
}
