using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Http;

/// <summary>
/// The verdict every Slack webhook (slash commands, interactivity) gives a request: v0 signature and 5-minute window
/// over the raw body, a 401 and one log line (in the endpoint's own category) when either fails.
/// </summary>
internal static partial class SlackWebhookSignature
{
    public const string TooLargeText = "Request body too large.";

    private static readonly WebhookRejection BadSignature = new(StatusCodes.Status401Unauthorized, "Invalid Slack request signature.");

    public static WebhookRejection? Check(SlackSignatureVerifier verifier, HttpRequest request, byte[] body, ILogger logger)
    {
        var verdict = verifier.Verify(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body);
        if (verdict == SlackSignatureResult.Valid)
        {
            return null;
        }

        LogRejected(logger, verdict);
        return BadSignature;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Slack request: {Verdict}")]
    private static partial void LogRejected(ILogger logger, SlackSignatureResult verdict);
}
