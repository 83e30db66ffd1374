using Il6Bot.Slack.Installations;

namespace Il6Bot.Slack.Workspaces;

/// <summary>
/// Which bot token acts in a workspace. Single-workspace set-ups (no <c>Slack:ClientId</c>) use <c>Slack:BotToken</c>
/// everywhere; otherwise each workspace's installation, with <c>Slack:BotToken</c> standing in for its own workspace
/// only. Answers come from memory once known: the slash-command path must not read the store per request.
/// </summary>
public interface ISlackTokenSource
{
    /// <summary>True when <c>Slack:ClientId</c> is set: requests from a workspace with no installation are refused.</summary>
    bool IsMultiWorkspace { get; }

    /// <summary>
    /// The workspace's access: its token and installer, or <see cref="SlackWorkspaceAccess.NotInstalled"/>. Completes
    /// synchronously, without allocating, when the answer is cached.
    /// </summary>
    ValueTask<SlackWorkspaceAccess> FindAsync(SlackTeam team, CancellationToken cancellationToken);

    /// <summary>
    /// The same for a workspace known only by its team id (a schedule's tenant); null = the default workspace
    /// (single-workspace set-ups, callers that name none).
    /// </summary>
    ValueTask<SlackWorkspaceAccess> FindAsync(string? teamId, CancellationToken cancellationToken);

    /// <summary>Drops what is remembered about a workspace (its installation was saved, deleted or its token refused).</summary>
    void Forget(string teamId);
}
