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

        // Late answers must outlive the ack (see HandleAsync); so must the lookups that come before them.
        var found = workspaces.FindAsync(team, responder.LateAnswerToken);
        Task<SlackWorkspaceAccess> lookup;
        if (found.IsCompletedSuccessfully)
        {
            var access = found.Result;
            if (access.IsInstalled && engine.IsReadOnly(command.Command))
            {
                // /il6 from a workspace already known: no moderator question, answered synchronously as with one workspace.
                return HandleAsync(command, IsModerator(command.UserId), cancellationToken);
            }

            lookup = Task.FromResult(access);
        }
        else
        {
            lookup = found.AsTask();
        }

        // The store and users.info are asked inside Slack's deadline: when they are slow the answer goes to response_url.
        var reply = ReplyInWorkspaceAsync(command, team, lookup, responder.LateAnswerToken);
        return new ValueTask<SlackCommandAck>(AckWithinDeadlineAsync(command, RenderAsync(reply), cancellationToken));
    }

    private async Task<Reply> ReplyInWorkspaceAsync(SlackSlashCommand command, SlackTeam team, Task<SlackWorkspaceAccess> found, CancellationToken cancellationToken)
    {
        SlackWorkspaceAccess access;
        try
        {
            access = await found.ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return Reply.EphemeralText("I can't check this workspace's installation right now. Please try again in a minute.");
        }

        if (!access.IsInstalled)
        {
            LogNotInstalled(team.TeamId, command.Command);
            return Reply.EphemeralText(SlackInstallLink.NotInstalledText(options.CurrentValue));
        }

        var isModerator = engine.IsReadOnly(command.Command)
            ? IsModerator(command.UserId)
            : await moderators.IsModeratorAsync(team, command.UserId, access, cancellationToken).ConfigureAwait(false);
        var request = Translate(command, isModerator, out var problem);
        return request is null
            ? Reply.EphemeralText(problem!)
            : await engine.HandleAsync(request, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} from workspace {Team}, which has no installation: answered with the install link")]
    private partial void LogNotInstalled(LogText team, LogText command);
}
