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
    long? ExpiresIn) : ISlackApiResponse
{
    /// <summary>
    /// When the access token must be refreshed: with a refresh token, after <c>expires_in</c>; null without one (the
    /// token does not expire). A refresh token is single-use, so an answer that carries one but no usable
    /// <c>expires_in</c> is still kept, due at once: the refresher's next pass exchanges the new refresh token, where
    /// dropping the answer would leave only the spent one and lose the workspace.
    /// </summary>
    public DateTimeOffset? RefreshDueAt(DateTimeOffset now) =>
        RefreshToken is { Length: > 0 } ? now.AddSeconds(Math.Max(ExpiresIn ?? 0, 0)) : null;
}

public sealed record OAuthTeam(string? Id, string? Name);

public sealed record OAuthAuthedUser(string? Id);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OAuthV2AccessResponse))]
internal sealed partial class SlackOAuthJsonContext : JsonSerializerContext;
