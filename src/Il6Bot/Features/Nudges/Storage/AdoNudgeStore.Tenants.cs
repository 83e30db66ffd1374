using Il6Bot.Commands;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>Changes to all the schedules of one guild/workspace at once.</summary>
public abstract partial class AdoNudgeStore
{
    /// <remarks>
    /// The reason is kept as the schedules' last result (with its time), which <c>/nudge list</c> shows beside
    /// "Paused": no column of its own, so no migration; the next post overwrites it as any result.
    /// </remarks>
    public Task<int> PauseTenantAsync(Platform platform, string tenantId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => PauseTenantCoreAsync(platform, tenantId, reason, now, cancellationToken));

    private async Task<int> PauseTenantCoreAsync(Platform platform, string tenantId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            "UPDATE schedules SET paused = TRUE, last_result = @reason, last_result_at = @now " +
            "WHERE platform = @platform AND tenant_id = @tenant AND NOT paused AND NOT cancelled",
            cancellationToken,
            ("reason", reason),
            ("now", Ms(now)),
            ("platform", PlatformText(platform)),
            ("tenant", tenantId));
    }
}
