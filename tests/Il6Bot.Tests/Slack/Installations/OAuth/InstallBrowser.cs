using System.Net;
using System.Text.RegularExpressions;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Slack.Installations.OAuth;

/// <summary>
/// A browser as far as the install flow needs one, over plain HTTP: it follows no redirect by itself and keeps the
/// bot's state cookie, which it sends back only to the bot's <c>/slack</c> paths (a <c>Secure</c> cookie, which
/// browsers also send to http://127.0.0.1).
/// </summary>
public sealed partial class InstallBrowser : IDisposable
{
    public const string CookieName = "il6bot_slack_oauth_state";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>The state cookie's value, as the bot set it.</summary>
    public string? Cookie { get; set; }

    /// <summary>The bot's last <c>Set-Cookie</c> for the state cookie.</summary>
    public string? SetCookie { get; private set; }

    /// <summary>Opens <c>/slack/install</c> and returns the "Add to Slack" link.</summary>
    public async Task<string> OpenInstallPageAsync(BotHost host)
    {
        using var response = await _http.GetAsync(new Uri(host.BaseAddress, "/slack/install"), E2E.Ct);
        var page = await response.Content.ReadAsStringAsync(E2E.Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        TakeCookie(response);
        var link = AddToSlackLink().Match(page);
        Assert.True(link.Success, page);
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    /// <summary>Opens Slack's authorize page, clicks Allow, and returns where Slack redirects the browser.</summary>
    public Task<Uri> AllowAsync(string authorizeUrl) => FollowLinkAsync(authorizeUrl, AllowLink());

    /// <summary>Opens Slack's authorize page and returns the Cancel link (back to the bot with error=access_denied).</summary>
    public async Task<Uri> CancelAsync(string authorizeUrl)
    {
        var page = await _http.GetStringAsync(new Uri(authorizeUrl), E2E.Ct);
        var link = CancelLink().Match(page);
        Assert.True(link.Success, page);
        return new Uri(WebUtility.HtmlDecode(link.Groups[1].Value));
    }

    /// <summary>GETs <paramref name="url"/> on the bot, with the state cookie when the browser has one.</summary>
    public async Task<(HttpStatusCode Status, string Page)> GetAsync(Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", CookieName + "=" + Cookie);
        }

        using var response = await _http.SendAsync(request, E2E.Ct);
        TakeCookie(response);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(E2E.Ct));
    }

    public void Dispose() => _http.Dispose();

    private async Task<Uri> FollowLinkAsync(string pageUrl, Regex linkPattern)
    {
        var page = new Uri(pageUrl);
        var html = await _http.GetStringAsync(page, E2E.Ct);
        var link = linkPattern.Match(html);
        Assert.True(link.Success, html);
        using var response = await _http.GetAsync(new Uri(page, WebUtility.HtmlDecode(link.Groups[1].Value)), E2E.Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    private void TakeCookie(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return;
        }

        foreach (var cookie in cookies.Where(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal)))
        {
            SetCookie = cookie;
            var value = cookie[(CookieName.Length + 1)..].Split(';')[0];
            Cookie = value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) ? null : value;
        }
    }

    [GeneratedRegex("id=\"add-to-slack\"[^>]*href=\"([^\"]+)\"")]
    private static partial Regex AddToSlackLink();

    [GeneratedRegex("id=\"allow\" href=\"([^\"]+)\"")]
    private static partial Regex AllowLink();

    [GeneratedRegex("id=\"cancel\" href=\"([^\"]+)\"")]
    private static partial Regex CancelLink();
}
