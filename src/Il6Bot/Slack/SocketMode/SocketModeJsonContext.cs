using System.Text.Json.Serialization;

namespace Il6Bot.Slack.SocketMode;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SocketModeMessage))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
internal sealed partial class SocketModeJsonContext : JsonSerializerContext;
