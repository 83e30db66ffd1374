using System.Text.Json;
using Il6Bot.Slack.WebApi;

namespace Il6Bot.Slack.SocketMode;

/// <summary>
/// Anything Slack sends over a Socket Mode connection: <c>hello</c>, <c>disconnect</c> (with
/// <see cref="Reason"/>), or an envelope (<c>slash_commands</c>, <c>events_api</c>, <c>interactive</c>) that
/// must be acknowledged by <see cref="EnvelopeId"/>.
/// </summary>
public sealed record SocketModeMessage(
    string? Type,
    string? EnvelopeId,
    JsonElement Payload,
    bool AcceptsResponsePayload,
    int RetryAttempt,
    string? RetryReason,
    string? Reason,
    int? NumConnections);

/// <summary>Response of <c>apps.connections.open</c>.</summary>
public sealed record ConnectionsOpenResponse(bool Ok, string? Url, string? Error) : ISlackApiResponse;
