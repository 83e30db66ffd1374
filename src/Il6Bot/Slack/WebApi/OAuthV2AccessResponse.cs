using System.Text.Json.Serialization;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// <c>oauth.v2.access</c>'s answer for a bot install or a bot token refresh. <c>refresh_token</c> and
/// <c>expires_in</c> come only when the app has token rotation on.
/// </summary>
public sealed record OAuthV2AccessResponse(
    bool Ok,
    string? Error,
    string? AccessToken,
    string? TokenType,
    string? Scope,
    string? BotUserId,
    OAuthTeam? Team,
    OAuthTeam? Enterprise,
    OAuthAuthedUser? AuthedUser,
    string? RefreshToken,
    long? ExpiresIn) : ISlackApiResponse;

public sealed record OAuthTeam(string? Id, string? Name);

public sealed record OAuthAuthedUser(string? Id);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OAuthV2AccessResponse))]
internal sealed partial class SlackOAuthJsonContext : JsonSerializerContext;
