namespace Il6Bot.Features.Insights;

/// <summary>
/// Clears one tenant's insights: the counts not yet written first, so no flush brings them back, then the stored ones.
/// When the store cannot be reached the unwritten counts go back, so "nothing was cleared" holds for them too. It runs
/// between flushes, so counts a flush has already taken cannot land after the reset.
/// </summary>
public sealed class InsightsResetter(InsightsRecorder recorder, IInsightsStore store, InsightsFlusher flusher)
{
    public Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken) =>
        flusher.ExclusiveAsync(ct => ResetNowAsync(tenant, ct), cancellationToken);

    private async Task<InsightsCleared> ResetNowAsync(InsightsTenant tenant, CancellationToken cancellationToken)
    {
        var unwritten = recorder.Forget(tenant);
        try
        {
            return await store.ResetAsync(tenant, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            recorder.Restore(unwritten);
            throw;
        }
    }

    /// <summary>What the reset removed, in words a moderator can check.</summary>
    public static string ClearedText(InsightsCleared cleared, string tenantNoun) =>
        $"Cleared this {tenantNoun}'s insights: {cleared.Counts} daily count{(cleared.Counts == 1 ? "" : "s")} of topics read, nudge posts, Read more clicks and shares, " +
        $"and {cleared.Searches} daily count{(cleared.Searches == 1 ? "" : "s")} of searches with no good match. Counting starts again from now.";
}
