using Il6Bot.Slack.Commands;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Http;

/// <summary>
/// <c>POST /slack/commands</c>: read the raw body (capped), verify the signature over those bytes, then parse the
/// form and hand the command to <see cref="SlackCommandHandler"/>, once per trigger_id (<see cref="SlackReplayGuard"/>).
/// Bad input gets a clear 4xx, never a 5xx.
/// </summary>
internal static partial class SlackCommandEndpoint
{
    public const string Path = "/slack/commands";

    /// <summary>
    /// The request delegate for <see cref="Path"/>. A plain delegate over singletons taken from the root
    /// provider on first use: binding them as minimal-API parameters would resolve them from a per-request DI
    /// scope, and creating the logger per request would rebuild its category name every time.
    /// </summary>
    public static RequestDelegate Create(IServiceProvider services)
    {
        // Two first requests racing may both build one; they hold the same singletons, so either is fine.
        Dependencies? dependencies = null;
        return context => HandleAsync(context, dependencies ??= new Dependencies(services));
    }

    private static async Task HandleAsync(HttpContext context, Dependencies dependencies)
    {
        var (verifier, logger) = (dependencies.Verifier, dependencies.Logger);
        var cancellationToken = context.RequestAborted;
        if (await SignedWebhook.ReadBodyAsync(context, "Request body too large.").ConfigureAwait(false) is not { } body)
        {
            return;
        }

        var headers = context.Request.Headers;
        var verdict = verifier.Verify(headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"], body);
        if (verdict != SlackSignatureResult.Valid)
        {
            LogRejected(logger, verdict);
            await SignedWebhook.RejectAsync(context, StatusCodes.Status401Unauthorized, "Invalid Slack request signature.").ConfigureAwait(false);
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

            await SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, error ?? "Malformed slash command.").ConfigureAwait(false);
            return;
        }

        var ack = await dependencies.Replays.HandleAsync(command, cancellationToken).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (ack.IsEmpty)
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = ack.Json.Length;
        await context.Response.Body.WriteAsync(ack.Json, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Dependencies(IServiceProvider services)
    {
        public SlackSignatureVerifier Verifier { get; } = services.GetRequiredService<SlackSignatureVerifier>();

        public SlackReplayGuard Replays { get; } = services.GetRequiredService<SlackReplayGuard>();

        public ILogger Logger { get; } = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackCommandEndpoint));
    }

    private static bool IsSslCheck(byte[] body) =>
        body.AsSpan().IndexOf("ssl_check=1"u8) >= 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Slack request: {Verdict}")]
    private static partial void LogRejected(ILogger logger, SlackSignatureResult verdict);
}
