using System.Text.Json.Serialization;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.WebApi;

namespace Il6Bot.Slack;

/// <summary>Source-generated serialization for every Slack payload: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackCommandResponse))]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(ChatPostMessageRequest))]
[JsonSerializable(typeof(ChatPostMessageResponse))]
[JsonSerializable(typeof(ConversationsInfoResponse))]
[JsonSerializable(typeof(ConversationsHistoryResponse))]
[JsonSerializable(typeof(SlackApiResponse))]
[JsonSerializable(typeof(UsersInfoResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
public sealed partial class SlackJsonContext : JsonSerializerContext;
