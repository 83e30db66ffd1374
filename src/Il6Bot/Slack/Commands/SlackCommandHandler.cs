using Il6Bot.Commands;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.WebApi;
using Il6Bot.Slack.Workspaces;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// Transport-independent slash-command handling: HTTP (<c>POST /slack/commands</c>) and Socket Mode both call
/// <see cref="HandleAsync"/> with the command's fields and send the returned ack. Answers that take longer than
/// Slack's 3 s deadline are acknowledged empty and delivered later through <c>response_url</c> by the
/// <see cref="DeadlineResponder"/>, which also waits for them on shutdown.
/// </summary>
public sealed partial class SlackCommandHandler(
    CommandEngine engine,
    IOptionsMonitor<SlackOptions> options,
    Lazy<SlackResponseUrlClient> responseUrlClient,
    [FromKeyedServices(Platform.Slack)] DeadlineResponder responder,
    SlackRenderCache renderCache,
    ISlackTokenSource workspaces,
    SlackModerators moderators,
    ILogger<SlackCommandHandler> logger)
{
    /// <summary>Leaves ~0.5 s of Slack's 3 s for the network and the transport's own work.</summary>
    public static readonly TimeSpan AckDeadline = TimeSpan.FromMilliseconds(2500);

    /// <summary>How late answers are named in the responder's logs.</summary>
    internal const string LateAnswers = "slash-command";

    // Only late answers use response_url; a typed client builds its whole HttpClient and resilience pipeline
    // when created, which the first (and nearly every) answer does not need.
    private SlackResponseUrlClient ResponseUrls => responseUrlClient.Value;

    public ValueTask<SlackCommandAck> HandleAsync(SlackSlashCommand command, CancellationToken cancellationToken) =>
        workspaces.IsMultiWorkspace
            ? HandleInWorkspaceAsync(command, cancellationToken)
            : HandleAsync(command, IsModerator(command.UserId), cancellationToken);

    private ValueTask<SlackCommandAck> HandleAsync(SlackSlashCommand command, bool isModerator, CancellationToken cancellationToken)
    {
        var request = Translate(command, isModerator, out var problem);
        if (request is null)
        {
            return ValueTask.FromResult(Render(Reply.EphemeralText(problem!)));
        }

        // A late answer must outlive the ack, and the host stopping lets it finish rather than dropping it.
        var reply = engine.HandleAsync(request, responder.LateAnswerToken);

        // A prepared section is answered synchronously: no state machine, no deadline timer.
        return reply.IsCompletedSuccessfully
            ? ValueTask.FromResult(Render(reply.Result))
            : new ValueTask<SlackCommandAck>(AckWithinDeadlineAsync(command, RenderAsync(reply), cancellationToken));
    }

    private async Task<SlackCommandAck> AckWithinDeadlineAsync(SlackSlashCommand command, Task<SlackCommandAck> work, CancellationToken cancellationToken)
    {
        if (await responder.CompletesWithinAsync(work, AckDeadline, cancellationToken).ConfigureAwait(false))
        {
            return await work.ConfigureAwait(false);
        }

        var responseUrl = command.ResponseUrl;
        if (responseUrl is null || !ResponseUrls.IsAllowed(responseUrl))
        {
            LogNoFollowUp(command.Command);
            return Render(Reply.EphemeralText("This is taking longer than Slack allows and I have nowhere to send the answer later. Please try again."));
        }

        LogDeferred(command.Command);
        _ = responder.FinishLater(command.Command, async token =>
        {
            var ack = await work.WaitAsync(token).ConfigureAwait(false);
            await ResponseUrls.PostAsync(responseUrl, ack.Json, token).ConfigureAwait(false);
        });
        return SlackCommandAck.Empty;
    }

    /// <summary>Maps the Slack fields to the neutral request, or explains what to type instead.</summary>
    public CommandRequest? Translate(SlackSlashCommand command, out string? problem) =>
        Translate(command, IsModerator(command.UserId), out problem);

    private CommandRequest? Translate(SlackSlashCommand command, bool isModerator, out string? problem)
    {
        problem = null;
        var spec = engine.FindSpec(command.Command);

        // A known command is named by its spec (no trimmed copy of the sender's text on every request).
        var name = spec?.Name ?? command.Command.TrimStart('/');
        IReadOnlyDictionary<string, string> values = SingleOption.None;
        string? subcommand = null;
        if (spec is not null)
        {
            var parsed = CommandTextParser.Parse(spec, SlackCommandText.Unescape(command.Text), SlackChannelReference.Normalize, SlackMentionReference.Normalize);
            if (parsed.Error is not null)
            {
                problem = parsed.Error;
                return null;
            }

            subcommand = parsed.Subcommand;
            values = parsed.Options;
        }

        return new CommandRequest(Platform.Slack, command.TeamId, command.ChannelId, command.UserId, isModerator, name, subcommand, values, command.TriggerId)
        {
            Transport = command.Transport,
            TenantNoun = SlackWorkspaceNoun.Value,
            IsRepeat = command.IsRepeat,
        };
    }

    /// <summary>Whether <c>Slack:Moderators</c> lists the user (commands and button clicks alike).</summary>
    internal bool IsModerator(string userId) => moderators.IsListed(userId);

    private async Task<SlackCommandAck> RenderAsync(Task<Reply> reply) => Render(await reply.ConfigureAwait(false));

    private SlackCommandAck Render(Reply reply)
    {
        if (renderCache.TryGet(reply, out var prepared))
        {
            return new SlackCommandAck(prepared);
        }

        try
        {
            return new SlackCommandAck(SlackReplyRenderer.ToCommandResponseJson(reply));
        }
        catch (SlackLimitException ex)
        {
            LogTooLong(ex);
            return new SlackCommandAck(SlackReplyRenderer.ToCommandResponseJson(
                Reply.EphemeralText("That answer is too long for one Slack message. Please narrow it down.")));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Command} is slow; acknowledged and answering through response_url")]
    private partial void LogDeferred(LogText command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Command} missed Slack's deadline and has no usable response_url")]
    private partial void LogNoFollowUp(LogText command);

    [LoggerMessage(Level = LogLevel.Error, Message = "A reply did not fit Slack's limits")]
    private partial void LogTooLong(Exception ex);
}
