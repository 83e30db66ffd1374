using System.Buffers;
using System.Text.Json;
using Il6Bot.Slack.Http;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Slack.Events;

/// <summary>
/// <c>POST /slack/events</c>, the Slack app's Event Subscriptions request URL: signed and windowed like
/// <c>/slack/commands</c> (401), a JSON body (400 when malformed). <c>url_verification</c> is answered with its
/// challenge; an <c>event_callback</c> with an empty 200 at once, well inside Slack's 3 s, and handled after
/// (<see cref="SlackEventHandler"/>). A retry (<c>X-Slack-Retry-Num</c>) carries the same <c>event_id</c> and is
/// acknowledged the same way, not handled again.
/// </summary>
internal sealed partial class SlackEventEndpoint(
    SlackSignatureVerifier verifier,
    SlackEventHandler events,
    ILogger<SlackEventEndpoint> logger) : SlackSignedEndpoint(verifier, logger)
{
    public const string Path = "/slack/events";

    public override Task AnswerAsync(HttpContext context, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, "The body is not JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
            switch (type)
            {
                case null:
                    return SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, "The body has no type.");

                case "url_verification":
                    return root.TryGetProperty("challenge", out var challenge) && challenge.ValueKind == JsonValueKind.String
                        ? WriteChallengeAsync(context, challenge.GetString()!)
                        : SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, "url_verification without a challenge.");

                case SlackEventCallback.Type:
                    var callback = SlackEventCallback.FromPayload(root, out var error);
                    if (callback is null)
                    {
                        return SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, error!);
                    }

                    events.Handle(callback);
                    break;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private static async Task WriteChallengeAsync(HttpContext context, string challenge)
    {
        var json = new ArrayBufferWriter<byte>(32 + challenge.Length);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("challenge", challenge);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = json.WrittenCount;
        await context.Response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
