using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rendering;
using Il6Bot.Hosting;
using Il6Bot.Transports;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// Typed client for Discord's REST API on <c>Discord:ApiBaseUrl</c>. Rate limits are handled by
/// <see cref="DiscordRateLimitHandler"/> and 5xx/timeouts by the resilience handler, both in the
/// HttpClient pipeline; this class only shapes requests, marks those that must go once
/// (<see cref="PlatformHttpClient.NonIdempotent"/>) and reads answers.
/// </summary>
public sealed partial class DiscordRestClient(HttpClient http, ILogger<DiscordRestClient> logger)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<ApiResult<JsonElementBox>> BulkOverwriteCommandsAsync(
        string applicationId, string? guildId, IReadOnlyList<DiscordApplicationCommand> commands, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrWhiteSpace(guildId)
            ? $"applications/{Id(applicationId)}/commands"
            : $"applications/{Id(applicationId)}/guilds/{Id(guildId)}/commands";
        var body = JsonSerializer.SerializeToUtf8Bytes(commands, DiscordJsonContext.Default.IReadOnlyListDiscordApplicationCommand);
        return SendAsync<JsonElementBox>(HttpMethod.Put, path, body, null, cancellationToken);
    }

    public Task<ApiResult<DiscordMessageCreated>> CreateMessageAsync(string channelId, DiscordMessagePayload message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"channels/{Id(channelId)}/messages", Serialize(message), DiscordJsonContext.Default.DiscordMessageCreated, cancellationToken);

    /// <summary>Opens (or returns the existing) DM channel with a user: <c>POST /users/@me/channels</c>.</summary>
    public Task<ApiResult<DiscordChannel>> CreateDmAsync(string userId, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            "users/@me/channels",
            JsonSerializer.SerializeToUtf8Bytes(new DiscordCreateDm(userId.Trim()), DiscordJsonContext.Default.DiscordCreateDm),
            DiscordJsonContext.Default.DiscordChannel,
            cancellationToken);

    public Task<ApiResult<DiscordChannel>> GetChannelAsync(string channelId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"channels/{Id(channelId)}", null, DiscordJsonContext.Default.DiscordChannel, cancellationToken);

    public Task<ApiResult<DiscordGuild>> GetGuildAsync(string guildId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"guilds/{Id(guildId)}", null, DiscordJsonContext.Default.DiscordGuild, cancellationToken);

    public Task<ApiResult<DiscordGuildMember>> GetGuildMemberAsync(string guildId, string userId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"guilds/{Id(guildId)}/members/{Id(userId)}", null, DiscordJsonContext.Default.DiscordGuildMember, cancellationToken);

    /// <summary>The bot's own user (<c>GET /users/@me</c>).</summary>
    public Task<ApiResult<DiscordUser>> GetCurrentUserAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "users/@me", null, DiscordJsonContext.Default.DiscordUser, cancellationToken);

    /// <summary>Answers an interaction received over the Gateway (HTTP interactions answer in the response). Sent
    /// once: a second callback for an interaction Discord already took is refused (code 40060).</summary>
    public Task<ApiResult<JsonElementBox>> CreateInteractionResponseAsync(string interactionId, string token, ReadOnlyMemory<byte> callbackBody, CancellationToken cancellationToken) =>
        SendAsync<JsonElementBox>(HttpMethod.Post, $"interactions/{Id(interactionId)}/{Id(token)}/callback", callbackBody, null, nonIdempotent: true, cancellationToken);

    /// <summary>Completes a deferred (type 5) answer.</summary>
    public Task<ApiResult<DiscordMessageCreated>> EditOriginalResponseAsync(string applicationId, string token, DiscordMessagePayload message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{Id(applicationId)}/{Id(token)}/messages/@original", Serialize(message), DiscordJsonContext.Default.DiscordMessageCreated, cancellationToken);

    public Task<ApiResult<JsonElementBox>> DeleteOriginalResponseAsync(string applicationId, string token, CancellationToken cancellationToken) =>
        SendAsync<JsonElementBox>(HttpMethod.Delete, $"webhooks/{Id(applicationId)}/{Id(token)}/messages/@original", null, null, cancellationToken);

    /// <summary>Sent once: Execute Webhook takes no nonce, so a follow-up sent again after Discord created it
    /// would post twice.</summary>
    public Task<ApiResult<DiscordMessageCreated>> CreateFollowupAsync(string applicationId, string token, DiscordMessagePayload message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"webhooks/{Id(applicationId)}/{Id(token)}", Serialize(message), DiscordJsonContext.Default.DiscordMessageCreated, nonIdempotent: true, cancellationToken);

    private static byte[] Serialize(DiscordMessagePayload message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.DiscordMessagePayload);

    private static string Id(string value) => Uri.EscapeDataString(value.Trim());

    private Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, ReadOnlyMemory<byte>? body, JsonTypeInfo<T>? responseType, CancellationToken cancellationToken)
        where T : class =>
        SendAsync(method, path, body, responseType, nonIdempotent: false, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method,
        string path,
        ReadOnlyMemory<byte>? body,
        JsonTypeInfo<T>? responseType,
        bool nonIdempotent,
        CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        request.Options.Set(PlatformHttpClient.NonIdempotent, nonIdempotent);
        if (body is { } bytes)
        {
            request.Content = new ReadOnlyMemoryContent(bytes);
            request.Content.Headers.ContentType = Json;
        }

        var route = DiscordRoute.From(method, new Uri("http://x/" + path)).Display;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var value = responseType is not null && content.Length > 0 ? TryDeserialize(content, responseType) : null;
                if (value is null && responseType is not null)
                {
                    // Still a success: Discord did what was asked; only the answer's details are lost.
                    LogUnreadableSuccess(route, status);
                }

                return ApiResult.Succeeded(status, value);
            }

            var error = content.Length > 0 ? TryDeserialize(content, DiscordJsonContext.Default.DiscordError) : null;
            var problem = $"HTTP {status}" + (error?.Code is { } code ? $", Discord code {code}" : string.Empty) + (error?.Message is { } message ? $": {message}" : string.Empty);
            LogFailed(route, problem);
            return ApiResult.Failed<T>(response, error?.Code?.ToString(CultureInfo.InvariantCulture), problem);
        }
        catch (Exception ex) when (ApiResult.IsCallFailure(ex, cancellationToken))
        {
            var problem = ex is HttpRequestException ? "Discord could not be reached" : "Discord did not answer in time";
            LogUnreachable(route, problem, ex.GetType().Name);
            return ApiResult.NotAnswered<T>(ex, problem);
        }
    }

    private static TValue? TryDeserialize<TValue>(byte[] content, JsonTypeInfo<TValue> type)
        where TValue : class
    {
        try
        {
            return JsonSerializer.Deserialize(content, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route} failed: {Problem}")]
    private partial void LogFailed(string route, LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route} answered HTTP {Status} with a body that is not the expected JSON; counted as done")]
    private partial void LogUnreadableSuccess(string route, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord {Route} failed: {Problem} ({Exception})")]
    private partial void LogUnreachable(string route, string problem, string exception);
}

/// <summary>Placeholder for calls whose success body the bot does not read.</summary>
public sealed class JsonElementBox;
