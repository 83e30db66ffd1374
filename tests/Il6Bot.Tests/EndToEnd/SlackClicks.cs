using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Il6Bot.Slack.Http;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>Signed Slack slash commands and button clicks (<c>block_actions</c>) as Slack sends them to the bot.</summary>
public static class SlackClicks
{
    /// <summary>A <c>block_actions</c> payload for a click on <paramref name="actionId"/>, shaped as Slack's own.</summary>
    public static JsonObject Payload(string actionId, string responseUrl, string triggerId, bool onEphemeral, string user = "UMEMBER1") => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["username"] = "member", ["team_id"] = SlackWorld.Team },
        ["api_app_id"] = "A1",
        ["token"] = "legacy",
        ["container"] = new JsonObject
        {
            ["type"] = "message", ["message_ts"] = "1700000000.000100", ["channel_id"] = SlackWorld.Channel, ["is_ephemeral"] = onEphemeral,
        },
        ["trigger_id"] = triggerId,
        ["team"] = new JsonObject { ["id"] = SlackWorld.Team, ["domain"] = "e2e" },
        ["channel"] = new JsonObject { ["id"] = SlackWorld.Channel, ["name"] = "general" },
        ["response_url"] = responseUrl,
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId, ["block_id"] = "b1", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "label" },
            ["value"] = actionId, ["type"] = "button", ["action_ts"] = "1700000001.000200",
        }),
    };

    /// <summary>The form body Slack POSTs to the Interactivity request URL.</summary>
    public static string Form(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    public static SignedSlackRequest Sign(string body, TimeProvider clock)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new SignedSlackRequest(body, timestamp, SlackSignatureVerifier.Sign(SlackWorld.Secret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>POSTs exactly these bytes to <c>/slack/interactions</c>; returns the status and the body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(BotHost host, SignedSlackRequest signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactions")
        {
            Content = new StringContent(signed.Body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", signed.Timestamp);
        request.Headers.Add("X-Slack-Signature", signed.Signature);
        using var response = await host.Client.SendAsync(request, E2E.Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(E2E.Ct));
    }

    /// <summary>Sends <c>/il6 {text}</c> as a signed slash command and returns the answer.</summary>
    public static async Task<SlackAnswer> Il6Async(SlackWorld world, BotHost host, string text)
    {
        var body = "token=ignored&team_id=" + SlackWorld.Team + "&channel_id=" + SlackWorld.Channel + "&user_id=UMEMBER1&command="
            + Uri.EscapeDataString("/il6") + "&text=" + Uri.EscapeDataString(text) + "&trigger_id=" + world.NextTriggerId();
        var (status, answer) = await SlackWorld.SendAsync(host, Sign(body, world.Clock));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {answer}");
        return new SlackAnswer(JsonDocument.Parse(answer).RootElement.Clone());
    }

    /// <summary>The buttons of a message's actions block (its last block): (label, action_id, value).</summary>
    public static IReadOnlyList<(string Label, string ActionId, string Value)> Buttons(JsonNode? message)
    {
        var last = message?["blocks"]?.AsArray().LastOrDefault();
        Assert.Equal("actions", last?["type"]?.GetValue<string>());
        return [.. last!["elements"]!.AsArray().Select(e => (
            e!["text"]!["text"]!.GetValue<string>(),
            e["action_id"]!.GetValue<string>(),
            e["value"]!.GetValue<string>()))];
    }

    public static IReadOnlyList<(string Label, string ActionId, string Value)> Buttons(SlackAnswer answer) =>
        Buttons(JsonNode.Parse(answer.Json.GetRawText()));

    /// <summary>The header block's text of a message.</summary>
    public static string? Header(JsonNode? message) =>
        message?["blocks"]?.AsArray().FirstOrDefault(b => b?["type"]?.GetValue<string>() == "header")?["text"]?["text"]?.GetValue<string>();
}
