using System.Data.Common;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>
/// The installations in the bot's own SQLite or PostgreSQL store (migrations 6 and 8), tokens encrypted by
/// <see cref="InstallationTokenProtector"/>: the table alone reveals no token. Store faults surface as
/// <see cref="StoreUnavailableException"/>, like every store call.
/// </summary>
public sealed partial class AdoSlackInstallationStore(AdoNudgeStore store, InstallationTokenProtector protector, TimeProvider time)
    : ISlackInstallationStore
{
    private const string Columns =
        "enterprise_id, team_id, team_name, bot_token, bot_user_id, scopes, installer_user_id, installed_at, refresh_token, expires_at";

    /// <summary>
    /// A broken installation (Slack refused its token refresh) is not returned: its token no longer works, and the
    /// workspace is treated as not installed until someone installs the app again.
    /// </summary>
    public Task<SlackInstallation?> FindAsync(SlackTeam team, CancellationToken cancellationToken) =>
        FindOneAsync(
            "enterprise_id = @enterprise AND team_id = @team",
            cancellationToken,
            ("enterprise", EnterpriseKey(team)),
            ("team", team.TeamId));

    /// <summary>
    /// Read through the index on team_id alone (migration 8), as the primary key leads with enterprise_id; a team id
    /// saved both inside and outside an enterprise gives its latest installation.
    /// </summary>
    public Task<SlackInstallation?> FindByTeamIdAsync(string teamId, CancellationToken cancellationToken) =>
        FindOneAsync("team_id = @team ORDER BY installed_at DESC, enterprise_id DESC LIMIT 1", cancellationToken, ("team", teamId));

    /// <summary>The first installation that is not broken and matches <paramref name="where"/>.</summary>
    private Task<SlackInstallation?> FindOneAsync(string where, CancellationToken cancellationToken, params (string Name, object? Value)[] values) =>
        store.GuardReadAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var rows = await AdoNudgeStore.QueryAsync(
                connection,
                null,
                "SELECT " + Columns + " FROM slack_installations WHERE broken_reason IS NULL AND " + where,
                Read,
                cancellationToken,
                values);
            return rows.Count == 0 ? null : rows[0];
        });

    /// <summary>Inserts or replaces the workspace's row; a re-install also clears a broken mark and any refresh claim.</summary>
    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken) =>
        store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            return await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "INSERT INTO slack_installations (" + Columns + ") VALUES (@enterprise, @team, @name, @token, @bot, @scopes, @installer, @at, @refresh, @expires) " +
                "ON CONFLICT (enterprise_id, team_id) DO UPDATE SET team_name = excluded.team_name, bot_token = excluded.bot_token, " +
                "bot_user_id = excluded.bot_user_id, scopes = excluded.scopes, installer_user_id = excluded.installer_user_id, " +
                "installed_at = excluded.installed_at, refresh_token = excluded.refresh_token, expires_at = excluded.expires_at, " +
                "refresh_claimed_until = NULL, refresh_attempts = 0, refresh_retry_at = NULL, broken_reason = NULL",
                cancellationToken,
                ("enterprise", EnterpriseKey(installation.Team)),
                ("team", installation.Team.TeamId),
                ("name", installation.TeamName),
                ("token", protector.Protect(installation.Team, installation.BotToken)),
                ("bot", installation.BotUserId),
                ("scopes", installation.Scopes),
                ("installer", installation.InstallerUserId),
                ("at", installation.InstalledAt.ToUnixTimeMilliseconds()),
                ("refresh", installation.RefreshToken is null ? null : protector.Protect(installation.Team, installation.RefreshToken)),
                ("expires", installation.ExpiresAt?.ToUnixTimeMilliseconds()));
        });

    public Task<bool> DeleteAsync(SlackTeam team, CancellationToken cancellationToken) =>
        store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var deleted = await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "DELETE FROM slack_installations WHERE enterprise_id = @enterprise AND team_id = @team",
                cancellationToken,
                ("enterprise", EnterpriseKey(team)),
                ("team", team.TeamId));
            return deleted > 0;
        });

    private static string EnterpriseKey(SlackTeam team) => team.EnterpriseId ?? string.Empty;

    private static SlackTeam TeamOf(DbDataReader reader)
    {
        var enterprise = reader.GetString(0);
        return new SlackTeam(enterprise.Length == 0 ? null : enterprise, reader.GetString(1));
    }

    private SlackInstallation Read(DbDataReader reader)
    {
        var team = TeamOf(reader);

        // A token the key ring cannot decrypt is as good as none: an empty token fails at Slack with invalid_auth,
        // which is what a re-install fixes.
        return new SlackInstallation(
            team,
            reader.IsDBNull(2) ? null : reader.GetString(2),
            protector.Unprotect(team, reader.GetString(3)) ?? string.Empty,
            reader.GetString(4),
            reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            reader.IsDBNull(8) ? null : protector.Unprotect(team, reader.GetString(8)),
            reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
