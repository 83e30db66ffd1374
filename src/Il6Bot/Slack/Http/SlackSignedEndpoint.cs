using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Http;

/// <summary>
/// What every Slack webhook (slash commands, interactivity, events) shares: the v0 signature and 5-minute window
/// over the raw body, a 401 and one log line (in the endpoint's own category) when either fails. Each endpoint adds
/// only how it parses and answers a verified body.
/// </summary>
internal abstract partial class SlackSignedEndpoint(SlackSignatureVerifier verifier, ILogger logger) : ISignedWebhookEndpoint
{
    private static readonly WebhookRejection BadSignature = new(StatusCodes.Status401Unauthorized, "Invalid Slack request signature.");

    public string TooLargeText => "Request body too large.";

    public WebhookRejection? Verify(HttpRequest request, byte[] body)
    {
        var verdict = verifier.Verify(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body);
        if (verdict == SlackSignatureResult.Valid)
        {
            return null;
        }

        LogRejected(logger, verdict);
        return BadSignature;
    }

    public abstract Task AnswerAsync(HttpContext context, byte[] body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Slack request: {Verdict}")]
    private static partial void LogRejected(ILogger logger, SlackSignatureResult verdict);
}
