using System.Text.Json.Serialization;
using Il6Bot.Slack.Rendering;
using Il6Bot.Slack.WebApi;

namespace Il6Bot.Slack;

/// <summary>Source-generated serialization for every Slack payload: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
// What the bot writes: answers (their messages and blocks come with them) and posts.
[JsonSerializable(typeof(SlackCommandResponse)), JsonSerializable(typeof(ChatPostMessageRequest))]
// What the Web API answers.
[JsonSerializable(typeof(ChatPostMessageResponse)), JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(ConversationsInfoResponse)), JsonSerializable(typeof(ConversationsHistoryResponse)), JsonSerializable(typeof(UsersInfoResponse))]
public sealed partial class SlackJsonContext : JsonSerializerContext;
