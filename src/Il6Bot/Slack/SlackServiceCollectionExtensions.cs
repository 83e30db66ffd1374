using System.Net.Http.Headers;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Observability;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Events;
using Il6Bot.Slack.Http;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Interactions;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.SocketMode;
using Il6Bot.Slack.WebApi;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports;
using Il6Bot.Transports.Webhooks;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack;

public static class SlackServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Slack(this IServiceCollection services, IConfiguration configuration)
    {
        // First: which workspaces are installed, and with which token, is what every Slack part below asks.
        services.AddIl6SlackInstallations(configuration);
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.AddPlatformAdapter<SlackOptions, SlackOptionsValidator, SlackRenderCache>(Platform.Slack, SlackCommandHandler.LateAnswers);

        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackCommandEndpoint>();
        services.AddSingleton<SlackCommandHandler>();
        services.AddSingleton<SlackReplayGuard>();
        services.AddSingleton<SlackInteractionEndpoint>();
        services.AddSingleton<SlackClickHandler>();
        services.AddSingleton<SlackEventEndpoint>();
        services.AddSingleton<SlackEventHandler>();
        services.AddLazy<SlackResponseUrlClient>();
        services.AddLazy<SlackApiClient>();

        // Which token acts in which workspace (installations are in the store: AddIl6SlackInstallations).
        services.AddSingleton<ISlackTokenSource, SlackTokenSource>();
        services.AddSingleton<SlackModerators>();
        services.AddSingleton<SlackBotTokenTeam>();
        services.AddHostedService(provider => provider.GetRequiredService<SlackBotTokenTeam>());
        services.AddIl6BotMetrics();
        services.AddTransient<SlackRateLimitHandler>();

        // Both URLs carry credentials (the token is a header, a response_url is one itself): no default loggers.
        services.AddPlatformHttpClient<SlackResponseUrlClient>().WithRetries();
        services.AddPlatformHttpClient<SlackApiClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
                http.BaseAddress = PlatformHttpClient.ApiBaseAddress(options.ApiBaseUrl);
                if (!string.IsNullOrWhiteSpace(options.BotToken))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BotToken);
                }
            })
            .WithRetries<SlackRateLimitHandler>();

        var slack = configuration.GetSection(SlackOptions.Section).Get<SlackOptions>();
        if (!string.IsNullOrWhiteSpace(slack?.BotToken) || slack?.IsMultiWorkspace == true)
        {
            services.AddSingleton<SlackNudgePoster>();
            services.AddSingleton<INudgePoster>(provider => provider.GetRequiredService<SlackNudgePoster>());
            services.AddSingleton<IDirectMessenger, SlackDirectMessenger>();
        }

        // Only in Socket Mode: over HTTP nothing connects out. Its health check is slack-socket.
        if (slack?.Mode == SlackMode.SocketMode)
        {
            services.AddTransportApiClient<SlackSocketModeApi, SlackOptions>(options => options.ApiBaseUrl);
            services.AddReconnectingTransport<SlackSocketModeStatus, SlackSocketModeClient, SlackOptions, SocketModeEnvelopeDispatcher>(
                SlackSocketModeStatus.HealthCheckName, dispatcher => dispatcher.DispatchAsync);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        return endpoints
            .MapSignedWebhook<SlackCommandEndpoint>(SlackCommandEndpoint.Path)
            .MapSignedWebhook<SlackInteractionEndpoint>(SlackInteractionEndpoint.Path)
            .MapSignedWebhook<SlackEventEndpoint>(SlackEventEndpoint.Path)
            .MapSlackInstallEndpoints();
    }
}
