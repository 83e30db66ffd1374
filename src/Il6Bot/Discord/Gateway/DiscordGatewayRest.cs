using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Il6Bot.Transports.Sockets;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// Where the Gateway transport connects (<c>GET /gateway/bot</c>). Kept apart from the shared REST client:
/// this call must fail fast into the transport's own reconnect backoff, not into stacked HTTP retries.
/// </summary>
public sealed class DiscordGatewayRest(HttpClient http)
{
    /// <exception cref="TransportFatalException">Discord refused the token.</exception>
    public async Task<GatewayBotInfo> GetGatewayBotAsync(string botToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gateway/bot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", botToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new TransportFatalException(
                $"Discord refused Discord:BotToken on GET /gateway/bot (HTTP {(int)response.StatusCode}); copy a new token from the Developer Portal, Bot page");
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, GatewayJsonContext.Default.GatewayBotInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("GET /gateway/bot returned an empty body");
    }
}
