using System.Runtime.CompilerServices;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Il6Bot.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    private const string ServiceName = "il6bot";

    /// <summary>
    /// OpenTelemetry allocates every metric stream's points up front, 2,000 by default: with the ~60 streams of the
    /// bot, HttpClient, the runtime and Npgsql that was 5 MB of heap (bench: idle RSS 107.6 MB, 102.5 with this; 97.5
    /// without metrics). The widest stream, il6bot.commands/duration, has at most 3 platforms x 3 transports x 4
    /// commands x 5 outcomes = 180 attribute sets; past the limit points still count, under
    /// <c>otel.metric.overflow=true</c>.
    /// </summary>
    private static readonly MetricStreamConfiguration CardinalityLimit = new() { CardinalityLimit = 256 };

    /// <summary>
    /// The bot's instruments (<see cref="Il6BotMetrics"/>) always; OpenTelemetry only when something reads it: the
    /// Prometheus exporter behind <c>GET /metrics</c> unless <c>Metrics:Enabled=false</c>, and OTLP export of
    /// metrics and traces when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, no listener exists and
    /// recording is a flag check; traces exist only with OTLP, so a request never pays for a span nobody exports.
    /// </summary>
    public static IServiceCollection AddIl6Observability(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(MetricsOptions.Section);
        services.AddOptions<MetricsOptions>().Bind(section).ValidateOnStart();
        services.AddIl6BotMetrics();
        services.AddHostedService<ContentReloadMetrics>();

        var scrape = section.Get<MetricsOptions>()?.Enabled ?? true;
        var otlp = OtlpEndpoint.IsConfigured(configuration);
        var postgres = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider == StorageProvider.Postgres;
        return scrape || otlp ? services.AddOpenTelemetryExport(configuration, scrape, otlp, postgres) : services;
    }

    /// <summary>
    /// Apart from <see cref="AddIl6Observability"/> so that a bot with neither reader never loads OpenTelemetry's
    /// assemblies (about 1 MB resident): the runtime loads what a method names when it first runs it, used or not.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddOpenTelemetryExport(
        this IServiceCollection services, IConfiguration configuration, bool scrape, bool otlp, bool postgres)
    {
        var telemetry = services.AddOpenTelemetry();
        if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(resource => resource.AddService(ServiceName));
        }

        telemetry.WithMetrics(metrics =>
        {
            // No AddAspNetCoreInstrumentation here: listening to ASP.NET Core's per-request http.server.* histograms
            // costs every /il6 request a few microseconds (Slack /il6 fell to 0.91x of the base build with it), and
            // il6bot.command.duration already measures each command by platform, transport and outcome.
            // HttpClient's and the runtime's metrics are .NET's own meters: since .NET 8 and 9 OpenTelemetry's
            // instrumentation packages only switch these on, and naming them loads no instrumentation assembly.
            metrics.AddMeter(Il6BotMetrics.MeterName, "System.Net.Http", "System.Net.NameResolution", "System.Runtime")
                .AddView(_ => CardinalityLimit);
            if (postgres)
            {
                AddNpgsqlMetrics(metrics);
            }

            if (scrape)
            {
                // Every scrape reads the instruments afresh: a cached answer would show a test (or an operator
                // watching a change) numbers from before it.
                metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        if (otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (postgres)
                {
                    AddNpgsqlSpans(tracing);
                }

                tracing.AddProcessor(new TraceRedaction()).AddOtlpExporter();
            });
        }

        return services;
    }

    /// <summary>Apart, so that a SQLite bot never loads Npgsql (about 1.5 MB resident) for metrics it cannot have.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddNpgsqlMetrics(MeterProviderBuilder metrics) => metrics.AddNpgsqlInstrumentation();

    /// <summary>Apart for the same reason as <see cref="AddNpgsqlMetrics"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddNpgsqlSpans(TracerProviderBuilder tracing) => tracing.AddNpgsql();

    /// <summary>
    /// The bot's instruments alone, for each part that records (commands, nudges, the platforms' rate limiters):
    /// each adds them itself, so it also works without the rest of the host. Idempotent.
    /// </summary>
    public static IServiceCollection AddIl6BotMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<Il6BotMetrics>();
        return services;
    }

    /// <summary><c>GET /metrics</c> in the Prometheus text format, unless <c>Metrics:Enabled=false</c> (then 404).</summary>
    public static IEndpointRouteBuilder MapIl6Metrics(this IEndpointRouteBuilder endpoints)
    {
        return endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.Enabled
            ? endpoints.MapPrometheusScrape()
            : endpoints;
    }

    /// <summary>Apart for the same reason as <see cref="AddOpenTelemetryExport"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IEndpointRouteBuilder MapPrometheusScrape(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsOptions.ScrapePath);
        return endpoints;
    }
}
