using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Hosting;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Events;
using Il6Bot.Slack.Interactions;

namespace Il6Bot.Slack.SocketMode;

/// <summary>
/// Turns a Socket Mode envelope into its ack payload: slash commands go to the same
/// <see cref="SlackCommandHandler"/> as <c>POST /slack/commands</c> (which also keeps the 3 s deadline and
/// sends late answers to response_url); button clicks (<c>interactive</c>) go to the same
/// <see cref="SlackClickHandler"/> as <c>POST /slack/interactions</c> and are acknowledged empty, their answer
/// following through response_url; events (<c>events_api</c>) go to the same <see cref="SlackEventHandler"/> as
/// <c>POST /slack/events</c>, acknowledged first and handled after; other envelope types are only acknowledged.
/// </summary>
public sealed partial class SocketModeEnvelopeDispatcher(
    SlackCommandHandler handler,
    SlackClickHandler clicks,
    SlackEventHandler events,
    ILogger<SocketModeEnvelopeDispatcher> logger)
{
    public async Task<ReadOnlyMemory<byte>?> DispatchAsync(SocketModeMessage envelope, CancellationToken cancellationToken)
    {
        if (envelope.Type == "interactive")
        {
            Click(envelope.Payload);
            return null;
        }

        if (envelope.Type == "events_api")
        {
            Event(envelope.Payload);
            return null;
        }

        if (envelope.Type != "slash_commands" || envelope.Payload.ValueKind != JsonValueKind.Object)
        {
            LogIgnored(envelope.Type ?? "unknown");
            return null;
        }

        var payload = envelope.Payload;
        string? Field(string name) =>
            payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var command = SlackSlashCommand.FromFields(Field, out var error);
        if (command is null)
        {
            LogMalformed(error ?? string.Empty);
            return null;
        }

        var ack = await handler.HandleAsync(command with { Transport = CommandTransport.Websocket }, cancellationToken).ConfigureAwait(false);
        return ack.IsEmpty ? null : ack.Json;
    }

    private void Click(JsonElement payload)
    {
        var click = SlackBlockActions.FromPayload(payload, out var error);
        if (click is not null)
        {
            clicks.Handle(click);
        }
        else if (error is not null)
        {
            LogMalformedClick(error);
        }
    }

    private void Event(JsonElement payload)
    {
        string? error = "The payload is not a JSON object.";
        var callback = payload.ValueKind == JsonValueKind.Object ? SlackEventCallback.FromPayload(payload, out error) : null;
        if (callback is not null)
        {
            events.Handle(callback);
        }
        else
        {
            LogMalformedEvent(error ?? string.Empty);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: events_api envelope unusable: {Problem}")]
    private partial void LogMalformedEvent(LogText problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack Socket Mode: {Type} envelope acknowledged without handling")]
    private partial void LogIgnored(LogText type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: slash command envelope unusable: {Problem}")]
    private partial void LogMalformed(LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode: interactive envelope unusable: {Problem}")]
    private partial void LogMalformedClick(LogText problem);
}
