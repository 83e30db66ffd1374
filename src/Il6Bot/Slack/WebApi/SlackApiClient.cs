using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Typed client for the Slack Web API on <c>Slack:ApiBaseUrl</c> with the bot token as a Bearer header (set when
/// the client is registered). Write methods take JSON; read methods (<c>conversations.*</c>) take a form, which is
/// what Slack accepts for them. <c>ok: false</c> becomes a <see cref="SlackApiException"/>.
/// </summary>
public sealed class SlackApiClient(HttpClient http)
{
    /// <summary>
    /// Set on write requests (<c>chat.postMessage</c>): sending one again may post twice, so the generic HTTP
    /// retry leaves them alone and the caller decides (see <see cref="SlackNudgePoster"/>). Reads stay retryable.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NonIdempotent = new("Il6Bot.Slack.NonIdempotent");

    public Task<ChatPostMessageResponse> PostMessageAsync(ChatPostMessageRequest message, CancellationToken cancellationToken) =>
        PostJsonAsync("chat.postMessage", message, SlackJsonContext.Default.ChatPostMessageRequest, SlackJsonContext.Default.ChatPostMessageResponse, cancellationToken);

    public Task<ConversationsInfoResponse> ConversationInfoAsync(string channelId, CancellationToken cancellationToken) =>
        PostFormAsync("conversations.info", [new("channel", channelId)], SlackJsonContext.Default.ConversationsInfoResponse, cancellationToken);

    /// <param name="oldest">Unix seconds with fraction, as Slack's <c>ts</c> values are.</param>
    public Task<ConversationsHistoryResponse> ConversationHistoryAsync(
        string channelId,
        string oldest,
        int limit,
        string? cursor,
        CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("channel", channelId),
            new("oldest", oldest),
            new("include_all_metadata", "true"),
            new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(cursor))
        {
            fields.Add(new("cursor", cursor));
        }

        return PostFormAsync("conversations.history", fields, SlackJsonContext.Default.ConversationsHistoryResponse, cancellationToken);
    }

    private async Task<TResponse> PostJsonAsync<TRequest, TResponse>(
        string method,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : ISlackApiResponse
    {
        // Buffered bytes (not a stream) so the rate-limit and resilience handlers can send the request again.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await SendAsync(method, content, responseType, nonIdempotent: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> PostFormAsync<TResponse>(
        string method,
        IEnumerable<KeyValuePair<string, string>> fields,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : ISlackApiResponse
    {
        using var content = new FormUrlEncodedContent(fields);
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync(method, content, responseType, nonIdempotent: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> SendAsync<TResponse>(
        string method,
        HttpContent content,
        JsonTypeInfo<TResponse> responseType,
        bool nonIdempotent,
        CancellationToken cancellationToken)
        where TResponse : ISlackApiResponse
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(method, UriKind.Relative)) { Content = content };
        request.Options.Set(NonIdempotent, nonIdempotent);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            throw new SlackApiException(method, "ratelimited");
        }

        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
            ?? throw new SlackApiException(method, "empty_response");
        return result.Ok ? result : throw new SlackApiException(method, result.Error ?? "unknown_error");
    }
}
