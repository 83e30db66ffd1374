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

        // One instance behind all three registrations. Being a hosted service makes host start resolve it,
        // and its constructor loads the content, so bad content stops start-up with the ContentException.
        services.AddSingleton<ContentStore>();
        services.AddSingleton<IContentStore>(sp => sp.GetRequiredService<ContentStore>());
        services.AddHostedService(sp => sp.GetRequiredService<ContentStore>());
        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        return services;
    }
}
