using System.Net.Http.Headers;
using Il6Bot.Hosting;
using Il6Bot.Transports;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.WebApi;

/// <summary>
/// Posts late slash-command answers to <c>response_url</c>. The URL comes from request data, so only Slack's own
/// hosts (or the configured API host, which is how tests point it at a fake) are ever contacted.
/// </summary>
public sealed partial class SlackResponseUrlClient(HttpClient http, IOptionsMonitor<SlackOptions> options, ILogger<SlackResponseUrlClient> logger)
{
    public bool IsAllowed(string? responseUrl)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url))
        {
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttps
            && (url.Host.Equals("slack.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Uri.TryCreate(options.CurrentValue.ApiBaseUrl, UriKind.Absolute, out var api)
            && url.Scheme == api.Scheme
            && url.Host.Equals(api.Host, StringComparison.OrdinalIgnoreCase)
            && url.Port == api.Port;
    }

    /// <returns>Whether Slack accepted the answer; a URL that is not Slack's is not posted to at all.</returns>
    public async Task<ApiResult> PostAsync(string responseUrl, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (!IsAllowed(responseUrl))
        {
            LogRefusedUrl(new Uri(responseUrl, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(responseUrl).Host : "(relative)");
            return new ApiResult(ApiOutcome.NotSent, 0, null, "response_url is not a Slack host", null);
        }

        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            // Every answer here is a write: after a 5xx or a timeout Slack may already show it, and a resend would show it
            // twice and spend another of the URL's five uses.
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(responseUrl)) { Content = content };
            request.Options.Set(PlatformHttpClient.NonIdempotent, true);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                LogPostFailed(status);
                return new ApiResult(ApiResult.OutcomeOf(status), status, null, $"Slack answered HTTP {status}", ApiResult.RetryAfterOf(response));
            }

            return new ApiResult(ApiOutcome.Succeeded, status, null, null, null);
        }
        catch (Exception ex) when (ApiResult.IsCallFailure(ex, cancellationToken))
        {
            // The exception's message is left out: it could quote the URL, which is a credential.
            var problem = "Slack could not be reached (" + ex.GetType().Name + ")";
            LogNotAnswered(problem);
            return new ApiResult(ApiResult.OutcomeOf(ex), 0, null, problem, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to post a slash-command answer to response_url host {Host}: not a Slack host")]
    private partial void LogRefusedUrl(LogText host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a late slash-command answer with HTTP {Status}")]
    private partial void LogPostFailed(int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Posting a late slash-command answer failed: {Problem}")]
    private partial void LogNotAnswered(string problem);
}
