using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Slack.Installations;

/// <summary>
/// The installations of the Slack app, one per workspace, shared by every instance of the bot (kept in the bot's
/// SQLite or PostgreSQL store). Failures surface as <see cref="Il6Bot.Features.Nudges.Storage.StoreUnavailableException"/>
/// like every store call.
/// </summary>
public interface ISlackInstallationStore
{
    /// <summary>The installation for that workspace, or null when the app is not installed there.</summary>
    Task<SlackInstallation?> FindAsync(SlackTeam team, CancellationToken cancellationToken);

    /// <summary>
    /// The installation of the workspace with that team id, in whichever Enterprise Grid org (or none), for callers
    /// that know the team id only (a schedule's tenant). Slack's team ids are unique across orgs; should two rows
    /// still share one (a workspace moved into an org), the later install wins.
    /// </summary>
    Task<SlackInstallation?> FindByTeamIdAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>Stores an installation; re-installing replaces the workspace's row.</summary>
    Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken);

    /// <summary>Forgets a workspace's tokens (uninstall, revocation). True when there was a row.</summary>
    Task<bool> DeleteAsync(SlackTeam team, CancellationToken cancellationToken);
}
