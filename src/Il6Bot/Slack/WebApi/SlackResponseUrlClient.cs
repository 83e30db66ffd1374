using System.Net.Http.Headers;
using Il6Bot.Hosting;
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

    /// <returns>Whether Slack accepted the answer.</returns>
    public async Task<bool> PostAsync(string responseUrl, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        if (!IsAllowed(responseUrl))
        {
            LogRefusedUrl(new Uri(responseUrl, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(responseUrl).Host : "(relative)");
            return false;
        }

        using var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(new Uri(responseUrl), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            LogPostFailed((int)response.StatusCode);
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to post a slash-command answer to response_url host {Host}: not a Slack host")]
    private partial void LogRefusedUrl(LogText host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused a late slash-command answer with HTTP {Status}")]
    private partial void LogPostFailed(int status);
}
