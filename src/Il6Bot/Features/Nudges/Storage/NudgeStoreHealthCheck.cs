using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The <c>store</c> entry of <c>/healthz</c>: the store's probe (reachable, schema present, writable, and the last
/// fault gone). Unhealthy names the fault, e.g. <c>store: Unhealthy (database file missing at /srv/il6bot.db)</c>.
/// </summary>
public sealed class NudgeStoreHealthCheck(INudgeStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await store.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy("reachable")
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (StoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
