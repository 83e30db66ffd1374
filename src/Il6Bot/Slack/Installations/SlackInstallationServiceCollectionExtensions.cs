using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Slack.Installations.OAuth;
using Il6Bot.Slack.Installations.Rotation;
using Il6Bot.Slack.Installations.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations;

public static class SlackInstallationServiceCollectionExtensions
{
    /// <summary>Shared by every instance: a key ring under another name could not read the others' tokens.</summary>
    public const string DataProtectionApplicationName = "Il6Bot";

    /// <summary>
    /// The installation store (always, for the Slack adapter to look workspaces up), Data Protection with a key ring
    /// every instance sees, and, with <c>Slack:ClientId</c>, the install flow and token rotation.
    /// </summary>
    public static IServiceCollection AddIl6SlackInstallations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackInstallOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackInstallOptions>, SlackInstallOptionsValidator>());

        services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);

        // Data Protection's start-up warm-up would create a key (and log about it) in every bot, Slack or not, and
        // two instances starting together would each create one; without it the first install creates the key ring.
        var warmUp = services.FirstOrDefault(descriptor => descriptor.ServiceType == typeof(IHostedService)
            && descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService");
        if (warmUp is not null)
        {
            services.Remove(warmUp);
        }

        // Its routine lines (key created, file written, "no XML encryptor": the keys are stored as README "Tokens at
        // rest" says) are not news to an operator; failures still show.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = SharedKeyRing(provider) ?? keys.XmlRepository));

        services.TryAddSingleton<InstallationTokenProtector>();
        services.TryAddSingleton<AdoSlackInstallationStore>();
        services.TryAddSingleton<ISlackInstallationStore>(provider => provider.GetRequiredService<AdoSlackInstallationStore>());
        services.TryAddSingleton<SlackOAuthStateStore>();

        var install = configuration.GetSection(SlackOptions.Section).Get<SlackInstallOptions>();
        if (install?.IsEnabled == true)
        {
            services.AddSingleton<SlackInstallEndpoint>();
            services.AddSingleton<SlackOAuthCallbackEndpoint>();
            services.AddSingleton<SlackTokenRefresher>();
            services.AddHostedService(provider => provider.GetRequiredService<SlackTokenRefresher>());
        }

        return services;
    }

    /// <summary><c>GET /slack/install</c> and <c>GET /slack/oauth/callback</c>, when the install flow is configured.</summary>
    public static IEndpointRouteBuilder MapSlackInstallEndpoints(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<SlackInstallOptions>>().Value.IsEnabled)
        {
            return endpoints;
        }

        var install = endpoints.ServiceProvider.GetRequiredService<SlackInstallEndpoint>();
        var callback = endpoints.ServiceProvider.GetRequiredService<SlackOAuthCallbackEndpoint>();
        endpoints.MapGet(SlackInstallEndpoint.Path, install.HandleAsync);
        endpoints.MapGet(SlackInstallOptions.CallbackPath, callback.HandleAsync);
        return endpoints;
    }

    /// <summary>
    /// PostgreSQL: the store's own table, which every instance on the database reads. SQLite: a folder beside the
    /// database file (the data folder), which the processes sharing that file also share. Null (Data Protection's
    /// default) for an in-memory SQLite database, which no other process can see anyway.
    /// </summary>
    private static IXmlRepository? SharedKeyRing(IServiceProvider provider)
    {
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.Provider == StorageProvider.Postgres)
        {
            return new PostgresXmlRepository(storage.ConnectionString!);
        }

        return provider.GetRequiredService<AdoNudgeStore>() is SqliteNudgeStore { DataSource: var file } && Path.IsPathFullyQualified(file)
            ? new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(Path.GetDirectoryName(file)!, "data-protection-keys")),
                provider.GetRequiredService<ILoggerFactory>())
            : null;
    }
}
