using System.Collections.Concurrent;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.WebApi;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Workspaces;

/// <summary>
/// Who may use <c>/nudge</c> and <c>/insights</c> in a workspace the app was installed in: the members listed in
/// <c>Slack:Moderators</c>, the member who installed it, and the workspace's owners and admins (<c>users.info</c>
/// with that workspace's token, remembered for <see cref="RolesFor"/> per member). Single-workspace set-ups keep
/// the list alone. The Web API client is built on the first <c>users.info</c>: every command's handler holds this, and
/// a single-workspace bot never asks it.
/// </summary>
public sealed partial class SlackModerators(
    IOptionsMonitor<SlackOptions> options,
    Lazy<SlackApiClient> api,
    TimeProvider time,
    ILogger<SlackModerators> logger)
{
    /// <summary>A member made or unmade admin is seen within this long.</summary>
    public static readonly TimeSpan RolesFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string Team, string User), (bool IsAdmin, DateTimeOffset Until)> _roles = new();

    /// <summary>Whether <c>Slack:Moderators</c> lists the user.</summary>
    public bool IsListed(string userId)
    {
        // Indexed, not LINQ: this runs on every command and the list is a handful of ids.
        var moderators = options.CurrentValue.Moderators;
        for (var i = 0; i < moderators.Count; i++)
        {
            if (string.Equals(moderators[i], userId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask<bool> IsModeratorAsync(SlackTeam team, string userId, SlackWorkspaceAccess access, CancellationToken cancellationToken)
    {
        if (IsListed(userId) || string.Equals(access.InstallerUserId, userId, StringComparison.Ordinal))
        {
            return true;
        }

        if (access.Token is not { } token)
        {
            return false;
        }

        var key = (team.TeamId, userId);
        if (_roles.TryGetValue(key, out var known) && known.Until > time.GetUtcNow())
        {
            return known.IsAdmin;
        }

        var info = await api.Value.UserInfoAsync(token, userId, cancellationToken).ConfigureAwait(false);
        if (info.Value is not { Ok: true, User: { } user })
        {
            // Not remembered: the next command asks again rather than refusing an admin for minutes.
            LogUnknown(team.TeamId, info.ErrorCode ?? info.Problem ?? "no answer");
            return false;
        }

        var isAdmin = user.IsOwner || user.IsAdmin || user.IsPrimaryOwner;
        _roles[key] = (isAdmin, time.GetUtcNow() + RolesFor);
        return isAdmin;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask Slack whether a member of {Team} is an owner or admin (users.info: {Problem}); treated as not a moderator")]
    private partial void LogUnknown(LogText team, LogText problem);
}
