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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Il6Bot.Slack;

public static class SlackServiceCollectionExtensions
{
    public static IServiceCollection AddIl6Slack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.AddPlatformAdapter<SlackOptions, SlackOptionsValidator, SlackRenderCache>(Platform.Slack, SlackCommandHandler.LateAnswers);

        services.AddIl6SlackInstallations(configuration);
        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackCommandEndpoint>();
        services.AddSingleton<SlackCommandHandler>();
        services.AddSingleton<SlackReplayGuard>();
        services.AddSingleton<SlackInteractionEndpoint>();
        services.AddSingleton<SlackClickHandler>();
        services.AddSingleton<SlackEventEndpoint>();
        services.AddSingleton<SlackEventHandler>();
        services.AddLazy<SlackResponseUrlClient>();

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
            .WithRetries<SlackRateLimitHandler>(NeverResendWrites);

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
            services.AddSingleton<SocketModeEnvelopeDispatcher>();
            services.AddReconnectingTransport<SlackSocketModeStatus, SlackSocketModeClient, SlackOptions>(
                SlackSocketModeStatus.HealthCheckName, sp => sp.GetRequiredService<SocketModeEnvelopeDispatcher>().DispatchAsync);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SlackCommandEndpoint.Path, SignedWebhook.Handler<SlackCommandEndpoint>(endpoints.ServiceProvider));
        endpoints.MapPost(SlackInteractionEndpoint.Path, SignedWebhook.Handler<SlackInteractionEndpoint>(endpoints.ServiceProvider));
        endpoints.MapPost(SlackEventEndpoint.Path, SignedWebhook.Handler<SlackEventEndpoint>(endpoints.ServiceProvider));
        endpoints.MapSlackInstallEndpoints();
        return endpoints;
    }

    // A 5xx or a timeout on chat.postMessage does not mean nothing was posted: resending blindly could post a
    // nudge twice. SlackNudgePoster looks the message up by its key before it posts again. (429s are still
    // retried by SlackRateLimitHandler: a rate-limited call posted nothing.)
    private static void NeverResendWrites(HttpStandardResilienceOptions options)
    {
        var shouldHandle = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = args =>
            args.Context.GetRequestMessage()?.Options.TryGetValue(SlackApiClient.NonIdempotent, out var nonIdempotent) == true && nonIdempotent
                ? ValueTask.FromResult(false)
                : shouldHandle(args);
    }
}
