using System.Diagnostics.CodeAnalysis;
using Il6Bot.Transports.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Il6Bot.Transports;

public static class TransportServiceCollectionExtensions
{
    /// <summary>
    /// Adds a transport: its status (also as a <see cref="TransportStatus"/>, which the metrics read), also the
    /// health check <paramref name="healthCheckName"/> (tagged <c>transport</c>; a fatal stop turns <c>/healthz</c>
    /// 503), and a hosted service that runs it once the host has started.
    /// </summary>
    /// <param name="handler">
    /// What the transport hands each inbound message to (a method of <typeparamref name="TDispatcher"/>, added here as
    /// a singleton), matching the transport constructor's handler parameter. The
    /// transport is built when the host builds its hosted services, from DI plus its bound
    /// <typeparamref name="TOptions"/>, <see cref="Random.Shared"/> for jitter and this handler.
    /// </param>
    public static IServiceCollection AddReconnectingTransport<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStatus,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTransport,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDispatcher>(
        this IServiceCollection services, string healthCheckName, Func<TDispatcher, Delegate> handler)
        where TStatus : TransportStatus
        where TTransport : ReconnectingTransport
        where TOptions : class
        where TDispatcher : class
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TDispatcher>();
        services.AddSingleton<TStatus>();
        services.AddSingleton<TransportStatus>(sp => sp.GetRequiredService<TStatus>());
        services.AddHostedService(sp => new TransportService<TTransport>(
            ActivatorUtilities.CreateInstance<TTransport>(sp, sp.GetRequiredService<IOptions<TOptions>>().Value, Random.Shared, handler(sp.GetRequiredService<TDispatcher>())),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckName,
            sp => sp.GetRequiredService<TStatus>(),
            HealthStatus.Unhealthy,
            ["transport"]));
        return services;
    }

    /// <summary>
    /// Adds the typed client for the call that opens a transport's connection (<c>GET /gateway/bot</c>,
    /// <c>apps.connections.open</c>). It fails fast into the transport's own backoff: no resilience pipeline
    /// stacked on it, a 30 s timeout, and none of the default HttpClient loggers, which would log URLs.
    /// </summary>
    public static IHttpClientBuilder AddTransportApiClient<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IServiceCollection services, Func<TOptions, string> apiBaseUrl, string? userAgent = null)
        where TClient : class
        where TOptions : class
    {
        return services.AddPlatformHttpClient<TClient>((sp, client) =>
        {
            client.BaseAddress = PlatformHttpClient.ApiBaseAddress(apiBaseUrl(sp.GetRequiredService<IOptions<TOptions>>().Value));
            if (userAgent is not null)
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
            }

            client.Timeout = TimeSpan.FromSeconds(30);
        });
    }
}
