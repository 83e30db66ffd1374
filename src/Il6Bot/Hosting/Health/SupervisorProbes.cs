using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Hosting.Health;

/// <summary>
/// The two probes a supervisor (systemd, Kubernetes, a load balancer) acts on. Liveness answers "restart me?",
/// so it runs only checks tagged <see cref="LiveTag"/> (none today: answering at all is the proof) and never the
/// dependency checks, since restarting does not bring back a revoked token or a database that is down.
/// Readiness answers "send me work?", so it runs every registered check and wants each one Healthy: a transport
/// that is reconnecting (Degraded, still 200 on <c>/healthz</c>) is not connected yet.
/// </summary>
public static class SupervisorProbes
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    /// <summary>For a future check whose failure a restart does fix (a wedged loop, say).</summary>
    public const string LiveTag = "live";

    public static IEndpointRouteBuilder MapSupervisorProbes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = _ => true,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }
}
