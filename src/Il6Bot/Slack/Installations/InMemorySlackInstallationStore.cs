using System.Collections.Concurrent;

namespace Il6Bot.Slack.Installations;

/// <summary>
/// Installations kept in this process only: what the bot uses until a persistent store is registered (a single
/// workspace on <c>Slack:BotToken</c> needs none), and what tests seed. Lost on restart, not shared between instances.
/// </summary>
public sealed class InMemorySlackInstallationStore : ISlackInstallationStore
{
    private readonly ConcurrentDictionary<SlackTeam, SlackInstallation> _installations = new();

    public Task<SlackInstallation?> FindAsync(SlackTeam team, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.GetValueOrDefault(team));

    public Task SaveAsync(SlackInstallation installation, CancellationToken cancellationToken)
    {
        _installations[installation.Team] = installation;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(SlackTeam team, CancellationToken cancellationToken) =>
        Task.FromResult(_installations.TryRemove(team, out _));
}
