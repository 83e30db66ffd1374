using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Workspaces;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// Commands when the bot serves several workspaces (<c>Slack:ClientId</c>): a workspace without an installation is
/// told where to install the app, and nothing else happens; otherwise moderators are decided per workspace.
/// </summary>
public sealed partial class SlackCommandHandler
{
    private ValueTask<SlackCommandAck> HandleInWorkspaceAsync(SlackSlashCommand command, CancellationToken cancellationToken)
    {
        var team = new SlackTeam(command.EnterpriseId, command.TeamId);
        var found = workspaces.FindAsync(team, cancellationToken);
        if (!found.IsCompletedSuccessfully)
        {
            return new ValueTask<SlackCommandAck>(HandleInWorkspaceAsync(command, team, found.AsTask(), cancellationToken));
        }

        // /il6 from a workspace already known: no moderator question, answered synchronously as with one workspace.
        var access = found.Result;
        return access.IsInstalled && engine.IsReadOnly(command.Command)
            ? HandleAsync(command, IsModerator(command.UserId), cancellationToken)
            : new ValueTask<SlackCommandAck>(HandleInWorkspaceAsync(command, team, Task.FromResult(access), cancellationToken));
    }

    private async Task<SlackCommandAck> HandleInWorkspaceAsync(
        SlackSlashCommand command, SlackTeam team, Task<SlackWorkspaceAccess> found, CancellationToken cancellationToken)
    {
        SlackWorkspaceAccess access;
        try
        {
            access = await found.ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return Render(Reply.EphemeralText("I can't check this workspace's installation right now. Please try again in a minute."));
        }

        if (!access.IsInstalled)
        {
            LogNotInstalled(team.TeamId, command.Command);
            return Render(Reply.EphemeralText(SlackInstallLink.NotInstalledText(options.CurrentValue)));
        }

        var isModerator = engine.IsReadOnly(command.Command)
            ? IsModerator(command.UserId)
            : await moderators.IsModeratorAsync(team, command.UserId, access, cancellationToken).ConfigureAwait(false);
        return await HandleAsync(command, isModerator, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} from workspace {Team}, which has no installation: answered with the install link")]
    private partial void LogNotInstalled(LogText team, LogText command);
}
