using System.Net.Http.Headers;
using Il6Bot.Slack.WebApi;
using Il6Bot.Transports;

namespace Il6Bot.Slack.SocketMode;

/// <summary>
/// <c>apps.connections.open</c>: trades the app-level token for a single-use WebSocket URL. Kept off the
/// shared Web API client because it takes the app token (xapp-), not the bot token, and because its
/// failures go into the transport's reconnect backoff rather than HTTP retries.
/// </summary>
public sealed class SlackSocketModeApi(HttpClient http)
{
    /// <summary>Errors that mean the token itself is wrong; retrying would only repeat them.</summary>
    private static readonly HashSet<string> FatalErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
        "not_allowed_token_type", "missing_scope", "no_permission", "invalid_token",
    };

    /// <summary>Whether <paramref name="errorCode"/> (of a failed <see cref="OpenConnectionAsync"/>) refuses the app token itself.</summary>
    public static bool RefusesAppToken(string? errorCode) => errorCode is not null && FatalErrors.Contains(errorCode);

    /// <returns>The WebSocket URL, or why Slack gave none.</returns>
    public async Task<ApiResult<Uri>> OpenConnectionAsync(string appToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "apps.connections.open")
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        var opened = await SlackApiClient.SendAsync(http, request, SocketModeJsonContext.Default.ConnectionsOpenResponse, cancellationToken).ConfigureAwait(false);
        if (opened.Value is { Ok: true, Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return ApiResult.Succeeded(opened.StatusCode, uri);
        }

        return opened.IsSuccess
            ? new ApiResult<Uri>(ApiOutcome.Refused, opened.StatusCode, null, null, "no url in the response", null)
            : new ApiResult<Uri>(opened.Outcome, opened.StatusCode, null, opened.ErrorCode, opened.Problem, opened.RetryAfter);
    }
}
