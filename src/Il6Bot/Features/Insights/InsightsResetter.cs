namespace Il6Bot.Features.Insights;

/// <summary>Clears one tenant's insights: the counts not yet written first, so no flush brings them back, then the stored ones.</summary>
public sealed class InsightsResetter(InsightsRecorder recorder, IInsightsStore store)
{
    public async Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken)
    {
        recorder.Forget(tenant);
        return await store.ResetAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the reset removed, in words a moderator can check.</summary>
    public static string ClearedText(InsightsCleared cleared) =>
        $"Cleared this server's insights: {cleared.Counts} daily count{(cleared.Counts == 1 ? "" : "s")} of topics read, nudge posts, Read more clicks and shares, " +
        $"and {cleared.Searches} daily count{(cleared.Searches == 1 ? "" : "s")} of searches with no good match. Counting starts again from now.";
}
