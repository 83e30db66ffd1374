using System.Net.Http.Headers;
using System.Text;
using Il6Bot.Transports;

namespace Il6Bot.Slack.WebApi;

/// <summary><c>oauth.v2.access</c>: the install's code exchange and token rotation's refresh.</summary>
public sealed partial class SlackApiClient
{
    /// <summary>Exchanges an install's <paramref name="code"/> for the workspace's bot token.</summary>
    public Task<ApiResult<OAuthV2AccessResponse>> ExchangeCodeAsync(string clientId, string clientSecret, string code, string redirectUri, CancellationToken cancellationToken) =>
        OAuthAccessAsync(clientId, clientSecret, [new("code", code), new("redirect_uri", redirectUri)], cancellationToken);

    /// <summary>Trades a refresh token for a new bot token (and a new refresh token).</summary>
    public Task<ApiResult<OAuthV2AccessResponse>> RefreshTokenAsync(string clientId, string clientSecret, string refreshToken, CancellationToken cancellationToken) =>
        OAuthAccessAsync(clientId, clientSecret, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);

    private async Task<ApiResult<OAuthV2AccessResponse>> OAuthAccessAsync(
        string clientId,
        string clientSecret,
        KeyValuePair<string, string>[] grant,
        CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("client_id", clientId), new("client_secret", clientSecret), .. grant]);
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("oauth.v2.access", UriKind.Relative)) { Content = content };

        // The app's own credentials, as Slack also accepts them; it keeps Slack:BotToken (the client's default
        // header) from being sent to a call that is not about that workspace.
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret)));

        // A code is single-use and a refresh rotates the refresh token: sent twice, the second would fail or
        // invalidate the first answer. The callers decide about trying again.
        request.Options.Set(PlatformHttpClient.NonIdempotent, true);
        return await SendAsync(http, request, SlackOAuthJsonContext.Default.OAuthV2AccessResponse, cancellationToken).ConfigureAwait(false);
    }
}
