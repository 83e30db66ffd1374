namespace Il6Bot.Content;

public static class ContentServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Content(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentOptions>().Bind(configuration.GetSection(ContentOptions.Section));
        return services;
    }
}
