using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// The two REST calls the Gateway transport needs: where to connect (<c>GET /gateway/bot</c>) and how to
/// answer an interaction that arrived over the socket (<c>POST /interactions/{id}/{token}/callback</c>).
/// </summary>
public sealed partial class DiscordGatewayRest(HttpClient http, ILogger<DiscordGatewayRest> logger)
{
    /// <exception cref="GatewayFatalException">Discord refused the token.</exception>
    public async Task<GatewayBotInfo> GetGatewayBotAsync(string botToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gateway/bot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", botToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new GatewayFatalException(
                $"Discord refused Discord:BotToken on GET /gateway/bot (HTTP {(int)response.StatusCode}); copy a new token from the Developer Portal, Bot page");
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, GatewayJsonContext.Default.GatewayBotInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("GET /gateway/bot returned an empty body");
    }

    /// <returns>False when Discord did not accept the callback (already answered, expired token).</returns>
    public async Task<bool> PostInteractionCallbackAsync(
        string interactionId, string interactionToken, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // The interaction token authorises the call; no bot token goes with it, and the URL is never logged.
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            $"interactions/{Uri.EscapeDataString(interactionId)}/{Uri.EscapeDataString(interactionToken)}/callback")
        {
            Content = new ReadOnlyMemoryContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            LogCallbackRefused(interactionId, (int)response.StatusCode);
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord refused the callback for interaction {InteractionId}: HTTP {Status}")]
    private partial void LogCallbackRefused(string interactionId, int status);
}
