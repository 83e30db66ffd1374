using Il6Bot.Commands;
using Il6Bot.Discord.Gateway;
using Il6Bot.Discord.Http;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Observability;
using Il6Bot.Transports;
using Il6Bot.Transports.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Discord;

public static class DiscordServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Discord(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.AddPlatformAdapter<DiscordOptions, DiscordOptionsValidator, DiscordRenderCache>(Platform.Discord, DiscordInteractionHandler.LateAnswers);

        services.AddSingleton<DiscordSignatureVerifier>();
        services.AddSingleton<DiscordInteractionsEndpoint>();
        services.TryAddSingleton(DiscordInteractionTiming.Default);
        services.AddSingleton<DiscordInteractionHandler>();
        services.AddSingleton<DiscordReplayGuard>();
        services.AddLazy<DiscordRestClient>();
        services.AddSingleton<DiscordRateLimiter>();
        services.AddIl6BotMetrics();
        services.AddTransient<DiscordRateLimitHandler>();
        services.AddPlatformHttpClient<DiscordRestClient>((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                client.BaseAddress = PlatformHttpClient.ApiBaseAddress(options.ApiBaseUrl);
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
                if (!string.IsNullOrWhiteSpace(options.BotToken))
                {
                    client.DefaultRequestHeaders.Authorization = new("Bot", options.BotToken.Trim());
                }

                // The resilience handler's own timeouts bound each try; this only stops a hung connection.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .WithRetries<DiscordRateLimitHandler>(DiscordRestResilience.Configure);

        var discord = configuration.GetSection(DiscordOptions.Section).Get<DiscordOptions>() ?? new DiscordOptions();
        // Posting needs the bot token; a public key alone (HTTP interactions only) cannot post nudges.
        if (discord.IsConfigured && !string.IsNullOrWhiteSpace(discord.BotToken))
        {
            services.AddSingleton<INudgePoster, DiscordNudgePoster>();
            services.AddSingleton<IDirectMessenger, DiscordDirectMessenger>();
        }

        if (!string.IsNullOrWhiteSpace(discord.ApplicationId) && !string.IsNullOrWhiteSpace(discord.BotToken))
        {
            services.AddSingleton<DiscordCommandRegistrar>();
            services.AddHostedService(sp => sp.GetRequiredService<DiscordCommandRegistrar>());
        }

        // Only in Gateway mode: in HTTP mode nothing connects out. Its health check is discord-gateway.
        if (discord.Mode == DiscordMode.Gateway)
        {
            services.AddTransportApiClient<DiscordGatewayRest, DiscordOptions>(options => options.ApiBaseUrl, UserAgent);
            services.AddReconnectingTransport<DiscordGatewayStatus, DiscordGatewayClient, DiscordOptions, GatewayInteractionDispatcher>(
                DiscordGatewayStatus.HealthCheckName, dispatcher => dispatcher.DispatchAsync);
        }

        return services;
    }

    /// <summary>
    /// Always mapped: with no <c>Discord:PublicKey</c> every request is answered 401 (nothing can be
    /// verified) and a warning names the missing key, so a misconfigured deployment is diagnosed from
    /// Discord's "could not verify the URL" instead of a puzzling 404, and routing never depends on config.
    /// </summary>
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapSignedWebhook<DiscordInteractionsEndpoint>(DiscordInteractionsEndpoint.Path);

    /// <summary>Discord requires one of this form on every REST call.</summary>
    internal const string UserAgent = "DiscordBot (https://github.com/il6bot, 1.0)";
}
