using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Il6Bot.Content;

public static class ContentServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Content(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentOptions>()
            .Bind(configuration.GetSection(ContentOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Content:Path must name the content folder (default 'content').")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // One store behind all three registrations; ContentStartupLoad loads it as the host starts.
        services.AddSingleton<ContentStore>();
        services.AddHostedService<ContentStartupLoad>();
        services.AddSingleton<IContentStore>(sp => sp.GetRequiredService<ContentStore>());
        services.AddHostedService(sp => sp.GetRequiredService<ContentStore>());
        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        return services;
    }
}
