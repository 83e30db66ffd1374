using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Hosting;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.WebApi;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports.Replay;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Interactions;

/// <summary>
/// Transport-independent button clicks: <c>POST /slack/interactions</c> and Socket Mode <c>interactive</c> envelopes
/// both hand their <see cref="SlackBlockActions"/> here and acknowledge at once with nothing. The click becomes a
/// neutral <see cref="ButtonClick"/> for the <see cref="ButtonRouter"/>, and its answer goes to the payload's
/// <c>response_url</c> through the <see cref="DeadlineResponder"/>, which a shutdown waits for. Each click is handled
/// once: a copy (same <c>trigger_id</c>, or the same user's same <c>action_ts</c>) is acknowledged and dropped.
/// </summary>
public sealed partial class SlackClickHandler(
    ButtonRouter router,
    SlackCommandHandler commands,
    Lazy<SlackResponseUrlClient> responseUrlClient,
    [FromKeyedServices(Platform.Slack)] DeadlineResponder responder,
    SlackRenderCache renderCache,
    ISlackTokenSource workspaces,
    SlackModerators moderators,
    IOptionsMonitor<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackClickHandler> logger)
{
    /// <summary>How late answers are named in the responder's logs.</summary>
    internal const string LateAnswers = "button-click";

    /// <summary>A click is a few hundred bytes to remember; as many as <see cref="SlackReplayGuard"/> keeps commands.</summary>
    private readonly RecentAnswers<string, bool> _handled = new(SlackReplayGuard.Capacity, SlackReplayGuard.Lifetime, time);

    /// <summary>Starts answering <paramref name="click"/>; never throws, and returns before the answer is delivered.</summary>
    public void Handle(SlackBlockActions click)
    {
        var key = click.ReplayKey;
        if (key is not null)
        {
            if (!_handled.TryBegin(key, out _))
            {
                LogReplay();
                return;
            }

            // Remembered at once: every copy is acknowledged empty whatever the first's answer turns out to be.
            _handled.Complete(key, true);
        }

        var responseUrl = click.ResponseUrl;
        if (responseUrl is null || !responseUrlClient.Value.IsAllowed(responseUrl))
        {
            LogNowhereToAnswer();
            return;
        }

        _ = responder.FinishLater(LateAnswers, token => AnswerAsync(click, key, responseUrl, token));
    }

    private async Task AnswerAsync(SlackBlockActions click, string? key, string responseUrl, CancellationToken cancellationToken)
    {
        var isModerator = commands.IsModerator(click.UserId);
        ClickAnswer? refusal = null;
        if (workspaces.IsMultiWorkspace)
        {
            // Several workspaces: the click's own workspace decides whether the bot is there and who moderates it.
            var team = new SlackTeam(click.EnterpriseId, click.TeamId);
            var access = await workspaces.FindAsync(team, cancellationToken).ConfigureAwait(false);
            if (access.IsInstalled)
            {
                isModerator = await moderators.IsModeratorAsync(team, click.UserId, access, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                refusal = ClickAnswer.Private(SlackInstallLink.NotInstalledText(options.CurrentValue));
            }
        }

        var answer = refusal ?? await router.HandleAsync(
            new ButtonClick(Platform.Slack, click.TeamId, click.ChannelId, click.UserId, isModerator, click.ActionId, click.IsEphemeral, key)
            {
                TenantNoun = SlackWorkspaceNoun.Value,
            },
            cancellationToken).ConfigureAwait(false);

        // Insights: a click and the section it showed would be counted here, once per handled click (never for a copy).
        byte[] json;
        try
        {
            json = SlackClickResponse.ToJson(answer, renderCache);
        }
        catch (SlackLimitException ex)
        {
            LogTooLong(ex);
            json = SlackClickResponse.ToJson(ClickAnswer.Private("That answer is too long for one Slack message."), renderCache);
        }

        var posted = await responseUrlClient.Value.PostAsync(responseUrl, json, cancellationToken).ConfigureAwait(false);
        if (!posted.IsSuccess)
        {
            LogNotDelivered(posted.Problem ?? posted.Outcome.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack click received again (same trigger_id): acknowledged, not handled again")]
    private partial void LogReplay();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Slack click came without a usable response_url; it cannot be answered")]
    private partial void LogNowhereToAnswer();

    [LoggerMessage(Level = LogLevel.Error, Message = "A click's answer did not fit Slack's limits")]
    private partial void LogTooLong(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A click's answer was not delivered to response_url: {Problem}")]
    private partial void LogNotDelivered(LogText problem);
}
