using System.Net.Http.Headers;
using System.Text.Json;
using Il6Bot.Transports;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// Where the Gateway transport connects (<c>GET /gateway/bot</c>). Kept apart from the shared REST client:
/// this call must fail fast into the transport's own reconnect backoff, not into stacked HTTP retries.
/// </summary>
public sealed class DiscordGatewayRest(HttpClient http)
{
    /// <returns>Where to connect, or why Discord did not say; a 401 or 403 means it refused the token.</returns>
    public async Task<ApiResult<GatewayBotInfo>> GetGatewayBotAsync(string botToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gateway/bot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", botToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult.Failed<GatewayBotInfo>(response, null, $"GET /gateway/bot answered HTTP {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(body, GatewayJsonContext.Default.GatewayBotInfo, cancellationToken).ConfigureAwait(false) is { } info
                ? ApiResult.Succeeded((int)response.StatusCode, info)
                : ApiResult.Failed<GatewayBotInfo>(response, null, "GET /gateway/bot returned an empty body", ApiOutcome.Ambiguous);
        }
        catch (Exception ex) when (ex is JsonException || ApiResult.IsCallFailure(ex, cancellationToken))
        {
            return ApiResult.NotAnswered<GatewayBotInfo>(ex, $"GET /gateway/bot failed: {ex.Message}");
        }
    }
}
