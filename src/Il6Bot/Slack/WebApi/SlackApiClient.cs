using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Typed client for the Slack Web API on <c>Slack:ApiBaseUrl</c>. Each call takes the bot token of the workspace it
/// acts in (see <see cref="Il6Bot.Slack.Workspaces.ISlackTokenSource"/>); without one it carries <c>Slack:BotToken</c>,
/// the client's default header. Write methods take JSON; read methods (<c>conversations.*</c>) take a form, which is
/// what Slack accepts for them. Every call ends in an <see cref="ApiResult{T}"/>: <c>ok: false</c> is a failure with
/// Slack's error code, an HTTP or network failure one without.
/// </summary>
public sealed partial class SlackApiClient(HttpClient http)
{
    /// <param name="token">The workspace's bot token; null sends the client's default (<c>Slack:BotToken</c>, if any).</param>
    public Task<ApiResult<ChatPostMessageResponse>> PostMessageAsync(string? token, ChatPostMessageRequest message, CancellationToken cancellationToken) =>
        PostJsonAsync("chat.postMessage", token, message, SlackJsonContext.Default.ChatPostMessageRequest, SlackJsonContext.Default.ChatPostMessageResponse, cancellationToken);

    public Task<ApiResult<ConversationsInfoResponse>> ConversationInfoAsync(string? token, string channelId, CancellationToken cancellationToken) =>
        PostFormAsync("conversations.info", token, [new("channel", channelId)], SlackJsonContext.Default.ConversationsInfoResponse, cancellationToken);

    /// <summary><c>users.info</c>: whether a member is a workspace owner or admin (needs the <c>users:read</c> scope).</summary>
    public Task<ApiResult<UsersInfoResponse>> UserInfoAsync(string? token, string userId, CancellationToken cancellationToken) =>
        PostFormAsync("users.info", token, [new("user", userId)], SlackJsonContext.Default.UsersInfoResponse, cancellationToken);

    /// <summary><c>auth.test</c>: the workspace a token belongs to.</summary>
    public Task<ApiResult<AuthTestResponse>> AuthTestAsync(string? token, CancellationToken cancellationToken) =>
        PostFormAsync("auth.test", token, [], SlackJsonContext.Default.AuthTestResponse, cancellationToken);

    /// <param name="oldest">Unix seconds with fraction, as Slack's <c>ts</c> values are.</param>
    public Task<ApiResult<ConversationsHistoryResponse>> ConversationHistoryAsync(
        string? token,
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

        return PostFormAsync("conversations.history", token, fields, SlackJsonContext.Default.ConversationsHistoryResponse, cancellationToken);
    }

    private async Task<ApiResult<TResponse>> PostJsonAsync<TRequest, TResponse>(
        string method,
        string? token,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class, ISlackApiResponse
    {
        // Buffered bytes (not a stream) so the rate-limit and resilience handlers can send the request again.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return await SendAsync(method, token, content, responseType, nonIdempotent: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApiResult<TResponse>> PostFormAsync<TResponse>(
        string method,
        string? token,
        IEnumerable<KeyValuePair<string, string>> fields,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class, ISlackApiResponse
    {
        using var content = new FormUrlEncodedContent(fields);
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await SendAsync(method, token, content, responseType, nonIdempotent: false, cancellationToken).ConfigureAwait(false);
    }

    private Task<ApiResult<TResponse>> SendAsync<TResponse>(
        string method,
        string? token,
        HttpContent content,
        JsonTypeInfo<TResponse> responseType,
        bool nonIdempotent,
        CancellationToken cancellationToken)
        where TResponse : class, ISlackApiResponse
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(method, UriKind.Relative)) { Content = content };
        // Writes (chat.postMessage): sending one again may post twice, so the caller decides (see
        // SlackNudgePoster). Reads stay retryable.
        request.Options.Set(PlatformHttpClient.NonIdempotent, nonIdempotent);
        if (token is not null)
        {
            // Per request, so one client serves every workspace; a request's own header wins over the default one.
            request.Headers.Authorization = new("Bearer", token);
        }

        return SendAsync(http, request, responseType, cancellationToken);
    }

    /// <summary>
    /// Sends one Web API call (and disposes <paramref name="request"/>) and reads Slack's answer; shared with the
    /// calls that do not go through this client (<c>apps.connections.open</c>).
    /// </summary>
    internal static async Task<ApiResult<TResponse>> SendAsync<TResponse>(
        HttpClient http,
        HttpRequestMessage request,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class, ISlackApiResponse
    {
        using var disposing = request;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                return ApiResult.Failed<TResponse>(response, RateLimited, "Slack answered " + RateLimited);
            }

            if (!response.IsSuccessStatusCode)
            {
                return ApiResult.Failed<TResponse>(response, null, $"Slack answered HTTP {(int)response.StatusCode}");
            }

            var result = await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
            if (result is { Ok: true })
            {
                return ApiResult.Succeeded((int)response.StatusCode, result);
            }

            var error = result is null ? "empty_response" : result.Error ?? "unknown_error";
            return ApiResult.Failed(response, error, "Slack answered " + error, OutcomeOf(error), result);
        }
        catch (Exception ex) when (ex is JsonException || ApiResult.IsCallFailure(ex, cancellationToken))
        {
            return ApiResult.NotAnswered<TResponse>(ex, ex switch
            {
                _ when ApiResult.OutcomeOf(ex) == ApiOutcome.NotSent => "Slack has been failing; calls are paused for a moment",
                HttpRequestException or JsonException => "Slack could not be reached (" + ex.GetType().Name + ")",
                _ => "Slack did not answer in time",
            });
        }
    }

    private const string RateLimited = "ratelimited";

    /// <summary>What an <c>ok: false</c> error code says about whether Slack did it.</summary>
    private static ApiOutcome OutcomeOf(string error) => error switch
    {
        RateLimited => ApiOutcome.RateLimited,

        // Slack documents that part of the operation may have succeeded before these.
        "internal_error" or "fatal_error" => ApiOutcome.Ambiguous,
        _ => ApiOutcome.Refused,
    };
}
