using Il6Bot.Slack.Commands;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Http;

/// <summary>
/// <c>POST /slack/commands</c>: the v0 signature must verify over the raw body (401), then the form is parsed (400
/// when malformed) and the command handed to <see cref="SlackCommandHandler"/>, once per trigger_id
/// (<see cref="SlackReplayGuard"/>). Bad input gets a clear 4xx, never a 5xx.
/// </summary>
internal sealed partial class SlackCommandEndpoint(
    SlackSignatureVerifier verifier,
    SlackReplayGuard replays,
    ILogger<SlackCommandEndpoint> logger) : SlackSignedEndpoint(verifier, logger)
{
    public const string Path = "/slack/commands";

    public override async Task AnswerAsync(HttpContext context, byte[] body)
    {
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

        var cancellationToken = context.RequestAborted;
        var ack = await replays.HandleAsync(command, cancellationToken).ConfigureAwait(false);
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
}
