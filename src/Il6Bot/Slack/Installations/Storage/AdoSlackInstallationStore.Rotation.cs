using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>One instance's right to refresh one installation's token, with the failed attempts before it.</summary>
public sealed record TokenRefreshClaim(SlackInstallation Installation, int FailedAttempts);

/// <summary>
/// Token rotation's bookkeeping. Every instance may look for due installations; a conditional UPDATE decides which
/// one refreshes (PostgreSQL re-checks the WHERE after a concurrent winner commits; SQLite has one writer), and a
/// failed attempt's backoff is kept in the row, so whichever instance looks next honours it.
/// </summary>
public sealed partial class AdoSlackInstallationStore
{
    private const string DueCondition =
        "refresh_token IS NOT NULL AND broken_reason IS NULL AND expires_at <= @before " +
        "AND (refresh_retry_at IS NULL OR refresh_retry_at <= @now) AND (refresh_claimed_until IS NULL OR refresh_claimed_until <= @now)";

    /// <summary>The workspaces whose token expires before <paramref name="refreshBefore"/> and that nobody is refreshing.</summary>
    public Task<List<SlackTeam>> FindDueForRefreshAsync(DateTimeOffset refreshBefore, CancellationToken cancellationToken) =>
        store.GuardReadAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            return await AdoNudgeStore.QueryAsync(
                connection,
                null,
                "SELECT enterprise_id, team_id FROM slack_installations WHERE " + DueCondition + " ORDER BY expires_at",
                TeamOf,
                cancellationToken,
                ("before", refreshBefore.ToUnixTimeMilliseconds()),
                ("now", Now()));
        });

    /// <summary>Claims the refresh for <paramref name="lease"/>; null when it is no longer due or another instance has it.</summary>
    public async Task<TokenRefreshClaim?> ClaimRefreshAsync(SlackTeam team, DateTimeOffset refreshBefore, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claimed = await store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            return await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "UPDATE slack_installations SET refresh_claimed_until = @until WHERE enterprise_id = @enterprise AND team_id = @team AND " + DueCondition,
                cancellationToken,
                ("until", Now() + (long)lease.TotalMilliseconds),
                ("enterprise", EnterpriseKey(team)),
                ("team", team.TeamId),
                ("before", refreshBefore.ToUnixTimeMilliseconds()),
                ("now", Now()));
        });
        if (claimed != 1)
        {
            return null;
        }

        return await store.GuardReadAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var rows = await AdoNudgeStore.QueryAsync(
                connection,
                null,
                "SELECT " + Columns + ", refresh_attempts FROM slack_installations WHERE enterprise_id = @enterprise AND team_id = @team",
                reader => new TokenRefreshClaim(Read(reader), Convert.ToInt32(reader.GetValue(10), System.Globalization.CultureInfo.InvariantCulture)),
                cancellationToken,
                ("enterprise", EnterpriseKey(team)),
                ("team", team.TeamId));
            return rows.Count == 0 ? null : rows[0];
        });
    }

    /// <summary>Stores the rotated tokens and releases the claim.</summary>
    public Task CompleteRefreshAsync(SlackTeam team, string botToken, string refreshToken, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        UpdateAsync(
            team,
            "bot_token = @token, refresh_token = @refresh, expires_at = @expires, refresh_claimed_until = NULL, refresh_attempts = 0, refresh_retry_at = NULL",
            cancellationToken,
            ("token", protector.Protect(team, botToken)),
            ("refresh", protector.Protect(team, refreshToken)),
            ("expires", expiresAt.ToUnixTimeMilliseconds()));

    /// <summary>Releases the claim after a failure Slack may not have meant (network, 5xx, rate limit); the next try waits until <paramref name="retryAt"/>.</summary>
    public Task DeferRefreshAsync(SlackTeam team, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        UpdateAsync(
            team,
            "refresh_claimed_until = NULL, refresh_attempts = refresh_attempts + 1, refresh_retry_at = @retry",
            cancellationToken,
            ("retry", retryAt.ToUnixTimeMilliseconds()));

    /// <summary>
    /// Slack refused the refresh: the installation is marked broken (no longer found) and the workspace's active
    /// schedules are paused with <paramref name="reason"/> as their last result, in one transaction. Returns how
    /// many schedules were paused.
    /// </summary>
    public Task<int> MarkBrokenAsync(SlackTeam team, string reason, CancellationToken cancellationToken) =>
        store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await AdoNudgeStore.ExecuteAsync(
                connection,
                transaction,
                "UPDATE slack_installations SET broken_reason = @reason, refresh_claimed_until = NULL WHERE enterprise_id = @enterprise AND team_id = @team",
                cancellationToken,
                ("reason", reason),
                ("enterprise", EnterpriseKey(team)),
                ("team", team.TeamId));
            var paused = await AdoNudgeStore.ExecuteAsync(
                connection,
                transaction,
                "UPDATE schedules SET paused = TRUE, last_result = @reason, last_result_at = @now " +
                "WHERE platform = 'slack' AND tenant_id = @team AND NOT paused AND NOT cancelled",
                cancellationToken,
                ("reason", reason),
                ("now", Now()),
                ("team", team.TeamId));
            await transaction.CommitAsync(cancellationToken);
            return paused;
        });

    /// <summary>Why the installation is broken, or null (also when there is none); for tests and diagnostics.</summary>
    public Task<string?> BrokenReasonAsync(SlackTeam team, CancellationToken cancellationToken) =>
        store.GuardReadAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var value = await AdoNudgeStore.ScalarAsync(
                connection,
                null,
                "SELECT broken_reason FROM slack_installations WHERE enterprise_id = @enterprise AND team_id = @team",
                cancellationToken,
                ("enterprise", EnterpriseKey(team)),
                ("team", team.TeamId));
            return value as string;
        });

    private Task<int> UpdateAsync(SlackTeam team, string assignments, CancellationToken cancellationToken, params (string Name, object? Value)[] values) =>
        store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            (string Name, object? Value)[] parameters = [("enterprise", EnterpriseKey(team)), ("team", team.TeamId), .. values];
            return await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "UPDATE slack_installations SET " + assignments + " WHERE enterprise_id = @enterprise AND team_id = @team",
                cancellationToken,
                parameters);
        });
}
