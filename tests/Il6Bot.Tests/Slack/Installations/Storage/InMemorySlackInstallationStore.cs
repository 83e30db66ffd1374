using System.Collections.Concurrent;
using Il6Bot.Slack.Installations;

namespace Il6Bot.Tests.Slack.Installations.Storage;

/// <summary>
/// Installations kept in this process only, which tests seed; the bot keeps them in its store.
/// </summary>
public sealed class InMemorySlackInstallationStore : ISlackInstallationStore
{
    private readonly ConcurrentDictionary<SlackTeam, SlackInstallation> _installations = new();

    public Task<SlackInstallation?> FindAsync(SlackTeam team, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.GetValueOrDefault(team));

    public Task<SlackInstallation?> FindByTeamIdAsync(string teamId, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.Values.Where(i => i.Team.TeamId == teamId).MaxBy(i => i.InstalledAt));

    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken)
    {
        _installations[installation.Team] = installation;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(SlackTeam team, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.TryRemove(team, out _));
}
