namespace Il6Bot.LocalConsole;

public static class ConsoleServiceCollectionExtensions
{
    public static IServiceCollection AddIl6LocalConsole(this IServiceCollection services, IConfiguration configuration, string[] args)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section));
        return services;
    }
}
