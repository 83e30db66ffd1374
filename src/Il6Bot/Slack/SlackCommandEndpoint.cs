namespace Il6Bot.Slack;

/// <summary>
/// <c>POST /slack/commands</c>: read the raw body (capped), verify the signature over those bytes, then parse the
/// form and hand the command to <see cref="SlackCommandHandler"/>. Bad input gets a clear 4xx, never a 5xx.
/// </summary>
internal static partial class SlackCommandEndpoint
{
    public const string Path = "/slack/commands";

    public static async Task HandleAsync(
        HttpContext context,
        SlackSignatureVerifier verifier,
        SlackCommandHandler handler,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SlackCommandEndpoint));
        var cancellationToken = context.RequestAborted;
        byte[]? body;
        try
        {
            body = await Hosting.RequestBody.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await WriteTextAsync(context, ex.StatusCode, "Unreadable request body.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (body is null)
        {
            await WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var headers = context.Request.Headers;
        var verdict = verifier.Verify(headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"], body);
        if (verdict != SlackSignatureResult.Valid)
        {
            LogRejected(logger, verdict);
            await WriteTextAsync(context, StatusCodes.Status401Unauthorized, "Invalid Slack request signature.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var command = SlackSlashCommand.ParseForm(body, out var error);
        if (command is null)
        {
            // Slack's periodic certificate check is signed like a command but carries no command.
            if (IsSslCheck(body))
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            await WriteTextAsync(context, StatusCodes.Status400BadRequest, error ?? "Malformed slash command.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var ack = await handler.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (ack.IsEmpty)
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = ack.Json.Length;
        await context.Response.Body.WriteAsync(ack.Json, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsSslCheck(byte[] body) =>
        body.AsSpan().IndexOf("ssl_check=1"u8) >= 0;

    private static Task WriteTextAsync(HttpContext context, int status, string text, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Slack request: {Verdict}")]
    private static partial void LogRejected(ILogger logger, SlackSignatureResult verdict);
}
