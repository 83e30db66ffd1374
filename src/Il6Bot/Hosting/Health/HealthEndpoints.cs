using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Hosting.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>GET /healthz</c>: 200 when every registered check (content loaded, store reachable, transports)
    /// is healthy, 503 otherwise; the body names each check's state. <c>/healthz/live</c> and
    /// <c>/healthz/ready</c> split that for supervisors (see <see cref="SupervisorProbes"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapIl6Health(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapSupervisorProbes();
        return endpoints;
    }
}
