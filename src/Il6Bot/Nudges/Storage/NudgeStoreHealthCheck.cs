using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Nudges.Storage;

/// <summary>The <c>store</c> entry of <c>/healthz</c>: one round trip to the database.</summary>
public sealed class NudgeStoreHealthCheck(INudgeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy("reachable")
            : HealthCheckResult.Unhealthy("database unreachable");
}
