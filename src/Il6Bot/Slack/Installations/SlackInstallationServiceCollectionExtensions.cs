using Il6Bot.Slack.Installations.KeyRing;
using Il6Bot.Slack.Installations.OAuth;
using Il6Bot.Slack.Installations.Rotation;
using Il6Bot.Slack.Installations.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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

        // Its routine lines (key created, file written, "no XML encryptor": with Slack:TokenEncryptionKey the keys are
        // sealed by EncryptedXmlRepository instead, as README "Tokens at rest" says) are not news to an operator;
        // failures still show.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.TryAddSingleton(SharedKeyRing.Create);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = provider.GetRequiredService<SharedKeyRing>().Repository ?? keys.XmlRepository));

        services.TryAddSingleton(provider => new InstallationTokenProtector(provider.GetRequiredService<IDataProtectionProvider>));
        services.TryAddSingleton<AdoSlackInstallationStore>();
        services.TryAddSingleton<ISlackInstallationStore>(provider => provider.GetRequiredService<AdoSlackInstallationStore>());
        services.TryAddSingleton<SlackOAuthStateStore>();

        var install = configuration.GetSection(SlackOptions.Section).Get<SlackInstallOptions>();
        if (install?.UsesKeyRing == true)
        {
            // After the store's migrator (AddIl6Nudges runs first), which creates the key ring's table. A bot that
            // never reads the ring need not open it (nor load its XML stack) at every start.
            services.AddHostedService<KeyRingStartupCheck>();
        }

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
}
