using Il6Bot.Discord.Interactions;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Discord.Http;

/// <summary>
/// <c>POST /discord/interactions</c>: the timestamp must be fresh and Ed25519 must verify over timestamp + body (401),
/// and only then is the body parsed (400 when malformed). An interaction id already answered gets the same answer
/// again (<see cref="DiscordReplayGuard"/>). Never 5xx for bad input.
/// </summary>
internal sealed partial class DiscordInteractionsEndpoint(
    DiscordSignatureVerifier verifier,
    DiscordReplayGuard replays,
    ILogger<DiscordInteractionsEndpoint> logger) : ISignedWebhookEndpoint
{
    public const string Path = "/discord/interactions";

    private static readonly WebhookRejection NotConfigured =
        new(StatusCodes.Status401Unauthorized, "Discord interactions are not configured on this bot (Discord:PublicKey).");

    private static readonly WebhookRejection MissingHeaders =
        new(StatusCodes.Status401Unauthorized, "Missing X-Signature-Ed25519 or X-Signature-Timestamp.");

    private static readonly WebhookRejection StaleTimestamp = new(
        StatusCodes.Status401Unauthorized,
        $"X-Signature-Timestamp is not unix seconds within {DiscordSignatureVerifier.Window.TotalMinutes:0} minutes of this server's clock.");

    private static readonly WebhookRejection BadSignature = new(StatusCodes.Status401Unauthorized, "Invalid request signature.");

    private int _warned;

    public string TooLargeText { get; } = $"Request body over {RequestBody.MaxBytes} bytes.";

    public WebhookRejection? Verify(HttpRequest request, byte[] body)
    {
        if (!verifier.IsConfigured)
        {
            // Once per process: every Discord retry would otherwise repeat the same line.
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                LogMissingKey(logger);
            }

            return NotConfigured;
        }

        var signature = request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = request.Headers["X-Signature-Timestamp"].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            return MissingHeaders;
        }

        return verifier.Check(signature, timestamp, body) switch
        {
            DiscordSignatureResult.StaleTimestamp => StaleTimestamp,
            DiscordSignatureResult.BadSignature => BadSignature,
            _ => null,
        };
    }

    public async Task AnswerAsync(HttpContext context, byte[] body)
    {
        var cancellationToken = context.RequestAborted;
        var result = await replays.HandleAsync(body, cancellationToken).ConfigureAwait(false);
        if (result.IsMalformed)
        {
            await SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, result.Problem!).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = result.CallbackBody.Length;
        await context.Response.Body.WriteAsync(result.CallbackBody, cancellationToken).ConfigureAwait(false);
        if (!result.BackgroundWork.IsCompleted)
        {
            // Follow-ups wait for Acknowledge, so the callback must be on the wire first. An answer with nothing
            // to follow is flushed by Kestrel when this delegate returns; completing it here would cost an extra
            // flush on every request.
            await context.Response.CompleteAsync().ConfigureAwait(false);
        }

        result.Acknowledge();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POST /discord/interactions answered 401: Discord:PublicKey is not set, so no request can be verified")]
    private static partial void LogMissingKey(ILogger logger);
}
