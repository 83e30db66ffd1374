using System.Net.Http.Headers;
using System.Text.Json;
using Il6Bot.Transports.Sockets;

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

    /// <exception cref="TransportFatalException">Slack refused the app token.</exception>
    /// <exception cref="HttpRequestException">A transient failure (network, 5xx, 429, ratelimited).</exception>
    public async Task<Uri> OpenConnectionAsync(string appToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "apps.connections.open")
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var result = await JsonSerializer.DeserializeAsync(body, SocketModeJsonContext.Default.ConnectionsOpenResponse, cancellationToken).ConfigureAwait(false);
        if (result is { Ok: true, Url: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        var error = result?.Error ?? "no url in the response";
        if (FatalErrors.Contains(error))
        {
            throw new TransportFatalException(
                $"apps.connections.open failed with {error}: Slack:AppToken must be a valid app-level token (xapp-) with the connections:write scope");
        }

        throw new HttpRequestException($"apps.connections.open failed with {error}");
    }
}
