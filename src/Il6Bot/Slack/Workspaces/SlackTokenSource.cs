using System.Collections.Concurrent;
using Il6Bot.Slack.Installations;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Workspaces;

/// <summary>
/// <see cref="ISlackTokenSource"/> over the installation store, remembered in memory by team id so a workspace's
/// commands read the store once every <see cref="InstalledFor"/>, not per request. An installation saved or deleted
/// on another instance is seen within that time; on this one at once (<see cref="Forget"/>), and a token Slack
/// refuses is forgotten by the caller that saw it refused.
/// </summary>
public sealed class SlackTokenSource(
    IOptionsMonitor<SlackOptions> options,
    ISlackInstallationStore store,
    SlackBotTokenTeam botTokenTeam,
    TimeProvider time) : ISlackTokenSource
{
    /// <summary>How long an installation's token is used before it is read again (another instance may have replaced it).</summary>
    public static readonly TimeSpan InstalledFor = TimeSpan.FromMinutes(10);

    /// <summary>Short: a workspace installing the app through another instance is served soon after.</summary>
    public static readonly TimeSpan NotInstalledFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _byTeam = new(StringComparer.Ordinal);
    private SlackWorkspaceAccess? _fallback;

    public bool IsMultiWorkspace => options.CurrentValue.IsMultiWorkspace;

    public ValueTask<SlackWorkspaceAccess> FindAsync(SlackTeam team, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.IsMultiWorkspace)
        {
            return new(Fallback(current));
        }

        // An answer remembered for the team id under another enterprise is not this workspace's: above all a schedule's
        // "not installed" (looked up before the org was known) must not hide an org's installation from its own request.
        return _byTeam.TryGetValue(team.TeamId, out var entry) && entry.Until > time.GetUtcNow()
            && (team.EnterpriseId is null || entry.Team == team)
            ? new(entry.Access)
            : new(LoadAsync(current, team.EnterpriseId is null && entry is not null ? entry.Team : team, cancellationToken));
    }

    public ValueTask<SlackWorkspaceAccess> FindAsync(string? teamId, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        if (!current.IsMultiWorkspace || teamId is null)
        {
            return new(Fallback(current));
        }

        // A schedule names its workspace by team id only; an Enterprise Grid workspace's enterprise id is known once
        // one of its requests or its installation has been seen, and until then (after a restart, a token refresh or a
        // re-install) the store is asked by team id (LoadAsync).
        return _byTeam.TryGetValue(teamId, out var entry)
            ? FindAsync(entry.Team, cancellationToken)
            : FindAsync(new SlackTeam(null, teamId), cancellationToken);
    }

    public void Forget(string teamId) => _byTeam.TryRemove(teamId, out _);

    private async Task<SlackWorkspaceAccess> LoadAsync(SlackOptions current, SlackTeam team, CancellationToken cancellationToken)
    {
        // No enterprise id: a workspace outside any org, or one whose org is not known here (a schedule's); team ids
        // are unique across orgs, so the team id alone finds either.
        var installation = team.EnterpriseId is null
            ? await store.FindByTeamIdAsync(team.TeamId, cancellationToken).ConfigureAwait(false)
            : await store.FindAsync(team, cancellationToken).ConfigureAwait(false);
        var access = installation is not null
            ? new SlackWorkspaceAccess(installation.BotToken, installation.InstallerUserId)
            : !string.IsNullOrWhiteSpace(current.BotToken) && await botTokenTeam.IsTeamAsync(team.TeamId, cancellationToken).ConfigureAwait(false)
                ? Fallback(current)
                : SlackWorkspaceAccess.NotInstalled;
        _byTeam[team.TeamId] = new Entry(installation?.Team ?? team, access, time.GetUtcNow() + (access.IsInstalled ? InstalledFor : NotInstalledFor));
        return access;
    }

    /// <summary><c>Slack:BotToken</c> as an access, built once per token value.</summary>
    private SlackWorkspaceAccess Fallback(SlackOptions current)
    {
        var token = string.IsNullOrWhiteSpace(current.BotToken) ? null : current.BotToken;
        var fallback = _fallback;
        if (fallback is not null && ReferenceEquals(fallback.Token, token))
        {
            return fallback;
        }

        return _fallback = token is null ? SlackWorkspaceAccess.NotInstalled : new SlackWorkspaceAccess(token, null);
    }

    private sealed record Entry(SlackTeam Team, SlackWorkspaceAccess Access, DateTimeOffset Until);
}
