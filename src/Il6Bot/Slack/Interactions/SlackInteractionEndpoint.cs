using Il6Bot.Slack.Http;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Interactions;

/// <summary>
/// <c>POST /slack/interactions</c>, the Slack app's Interactivity request URL: signed and windowed like
/// <c>/slack/commands</c> (401), the form's <c>payload</c> parsed (400 when malformed), then an empty 200 at once;
/// the click's answer follows through its <c>response_url</c> (<see cref="SlackClickHandler"/>).
/// </summary>
internal sealed partial class SlackInteractionEndpoint(
    SlackSignatureVerifier verifier,
    SlackClickHandler clicks,
    ILogger<SlackInteractionEndpoint> logger) : SlackSignedEndpoint(verifier, logger)
{
    public const string Path = "/slack/interactions";

    public override Task AnswerAsync(HttpContext context, byte[] body)
    {
        var click = SlackBlockActions.ParseForm(body, out var error);
        if (error is not null)
        {
            return SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, error);
        }

        if (click is not null)
        {
            clicks.Handle(click);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }
}
