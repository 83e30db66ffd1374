using System.Text.Json;
using Il6Bot.Slack.Installations;

namespace Il6Bot.Slack.Events;

/// <summary>
/// The fields of an Events API <c>event_callback</c> the bot uses, the same whether it came to
/// <c>POST /slack/events</c> or in a Socket Mode <c>events_api</c> envelope.
/// </summary>
/// <param name="EventId">Slack's id of the event: a retry carries the same.</param>
/// <param name="EventType">The inner event's type, e.g. <c>app_uninstalled</c>.</param>
/// <param name="BotTokensRevoked">For <c>tokens_revoked</c>: whether bot tokens (not only users' tokens) were revoked.</param>
public sealed record SlackEventCallback(string EventId, string EventType, SlackTeam Team, bool BotTokensRevoked)
{
    public const string Type = "event_callback";

    public const string AppUninstalled = "app_uninstalled";

    public const string TokensRevoked = "tokens_revoked";

    /// <summary>Whether the event takes the workspace's bot token away: uninstalled, or its bot token revoked.</summary>
    public bool RemovesInstallation => EventType == AppUninstalled || (EventType == TokensRevoked && BotTokensRevoked);

    /// <returns>The event; null with <paramref name="error"/> when it is malformed.</returns>
    public static SlackEventCallback? FromPayload(JsonElement payload, out string? error)
    {
        var eventId = String(payload, "event_id");
        var inner = payload.TryGetProperty("event", out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
        var eventType = inner.ValueKind == JsonValueKind.Object ? String(inner, "type") : null;
        var teamId = String(payload, "team_id") ?? AuthorizationField(payload, "team_id");
        if (string.IsNullOrEmpty(eventId) || string.IsNullOrEmpty(eventType) || string.IsNullOrEmpty(teamId))
        {
            error = "The event_callback lacks event_id, event.type or team_id.";
            return null;
        }

        error = null;
        var enterpriseId = String(payload, "enterprise_id") ?? AuthorizationField(payload, "enterprise_id");
        return new SlackEventCallback(eventId, eventType, new SlackTeam(string.IsNullOrEmpty(enterpriseId) ? null : enterpriseId, teamId), RevokesBotTokens(inner));
    }

    private static bool RevokesBotTokens(JsonElement inner) =>
        inner.ValueKind == JsonValueKind.Object
        && inner.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Object
        && tokens.TryGetProperty("bot", out var bot) && bot.ValueKind == JsonValueKind.Array && bot.GetArrayLength() > 0;

    private static string? AuthorizationField(JsonElement payload, string name) =>
        payload.TryGetProperty("authorizations", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            ? String(list[0], name)
            : null;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
