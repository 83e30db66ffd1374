using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Content;

/// <summary>Healthy while a snapshot is being served, e.g. "7 topics, 19 nudges".</summary>
internal sealed class ContentHealthCheck(IContentStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        return Task.FromResult(snapshot is null
            ? HealthCheckResult.Unhealthy("content not loaded")
            : HealthCheckResult.Healthy($"{snapshot.AllSections.Count()} topics, {snapshot.Nudges.Count} nudges"));
    }
}
