using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Slack.Interactions;

/// <summary>
/// The fields of a <c>block_actions</c> interaction that the bot uses, the same whether it came as the form field
/// <c>payload</c> of <c>POST /slack/interactions</c> or as a Socket Mode <c>interactive</c> envelope's payload.
/// </summary>
/// <param name="ActionId">The clicked button's <c>action_id</c>: the bot's button id.</param>
/// <param name="ChannelId">Empty when the click did not come from a channel message.</param>
/// <param name="IsEphemeral">The button sits on a message only the clicker sees (<c>container.is_ephemeral</c>).</param>
/// <param name="ResponseUrl">Where the answer is POSTed; absent for clicks inside modals, which the bot never opens.</param>
/// <param name="TriggerId">Slack's id of this one click: a copy of the request carries the same.</param>
/// <param name="ActionTs">When the action happened, Slack's timestamp string (recognises a copy without a trigger_id).</param>
public sealed record SlackBlockActions(
    string TeamId,
    string ChannelId,
    string UserId,
    string ActionId,
    bool IsEphemeral,
    string? ResponseUrl,
    string? TriggerId,
    string? ActionTs)
{
    public const string Type = "block_actions";

    /// <summary>The Enterprise Grid org of the workspace, when it is in one.</summary>
    public string? EnterpriseId { get; init; }

    /// <summary>The key a copy of this click is recognised by.</summary>
    public string? ReplayKey => TriggerId ?? (ActionTs is null ? null : $"{UserId}:{ActionTs}");

    /// <summary>Reads the form body of <c>POST /slack/interactions</c>.</summary>
    /// <returns>The click; null with <paramref name="error"/> when the body is malformed, or with no error when it is
    /// a well-formed interaction of another type (nothing to do).</returns>
    public static SlackBlockActions? ParseForm(byte[] body, out string? error)
    {
        string? payload;
        try
        {
            payload = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).TryGetValue("payload", out var values) ? values.ToString() : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error = "The body is not form-encoded.";
            return null;
        }

        if (string.IsNullOrWhiteSpace(payload))
        {
            error = "The form has no payload field.";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return FromPayload(document.RootElement, out error);
        }
        catch (JsonException)
        {
            error = "The payload is not JSON.";
            return null;
        }
    }

    /// <summary>Reads an interaction payload (the JSON object Slack sends).</summary>
    /// <returns>As <see cref="ParseForm"/>.</returns>
    public static SlackBlockActions? FromPayload(JsonElement payload, out string? error)
    {
        error = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            error = "The payload is not a JSON object.";
            return null;
        }

        var type = String(payload, "type");
        if (type is null)
        {
            error = "The payload has no type.";
            return null;
        }

        if (type != Type)
        {
            // A shortcut, a modal submission or the like: valid, but nothing of this bot's.
            return null;
        }

        var user = Object(payload, "user");
        var userId = String(user, "id");
        var teamId = String(Object(payload, "team"), "id") ?? String(user, "team_id");
        var action = payload.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0
            ? actions[0]
            : default;
        var actionId = String(action, "action_id");
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(teamId) || string.IsNullOrEmpty(actionId))
        {
            error = "The block_actions payload lacks user.id, team.id or actions[0].action_id.";
            return null;
        }

        var container = Object(payload, "container");
        var isEphemeral = container.ValueKind == JsonValueKind.Object
            && container.TryGetProperty("is_ephemeral", out var ephemeral)
            && ephemeral.ValueKind == JsonValueKind.True;
        return new SlackBlockActions(
            teamId,
            String(Object(payload, "channel"), "id") ?? String(container, "channel_id") ?? string.Empty,
            userId,
            actionId,
            isEphemeral,
            NonEmpty(String(payload, "response_url")),
            NonEmpty(String(payload, "trigger_id")),
            NonEmpty(String(action, "action_ts")))
        {
            EnterpriseId = NonEmpty(String(Object(payload, "enterprise"), "id")) ?? NonEmpty(String(Object(payload, "team"), "enterprise_id")),
        };
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
