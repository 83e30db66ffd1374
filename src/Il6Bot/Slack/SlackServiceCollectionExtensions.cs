using System.Net;
using System.Net.Http.Headers;
using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Nudges;
using Il6Bot.Slack.SocketMode;
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
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackCommandHandler>();
        services.AddSingleton<SlackReplayGuard>();
        // Only singletons take this, so sp is the root provider and may be used whenever the Lazy is first read.
        services.AddTransient(sp => new Lazy<SlackResponseUrlClient>(sp.GetRequiredService<SlackResponseUrlClient>));
        services.AddDeadlineResponder(Platform.Slack, SlackCommandHandler.LateAnswers);
        services.AddSingleton<SlackRenderCache>();
        services.AddSingleton<IRenderCache>(sp => sp.GetRequiredService<SlackRenderCache>());
        services.AddTransient<SlackRateLimitHandler>();

        // Singletons hold these typed clients, so connections are recycled by the primary handler, not the factory.
        services.AddHttpClient<SlackResponseUrlClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(LeaveRateLimitsAlone);

        services.AddHttpClient<SlackApiClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                if (!string.IsNullOrWhiteSpace(options.BotToken))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BotToken);
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<SlackRateLimitHandler>()
            .AddStandardResilienceHandler(options =>
            {
                LeaveRateLimitsAlone(options);
                NeverResendWrites(options);
            });

        var slack = configuration.GetSection(SlackOptions.Section).Get<SlackOptions>();
        if (!string.IsNullOrWhiteSpace(slack?.BotToken))
        {
            services.AddSingleton<SlackNudgePoster>();
            services.AddSingleton<INudgePoster>(provider => provider.GetRequiredService<SlackNudgePoster>());
        }

        services.AddIl6SlackSocketMode(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SlackCommandEndpoint.Path, SlackCommandEndpoint.Create(endpoints.ServiceProvider));
        return endpoints;
    }

    // SlackRateLimitHandler (outside this pipeline) owns 429s; retrying them here too would multiply attempts.
    private static void LeaveRateLimitsAlone(HttpStandardResilienceOptions options)
    {
        options.Retry.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests
            && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests
            && HttpClientResiliencePredicates.IsTransient(args.Outcome));
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
