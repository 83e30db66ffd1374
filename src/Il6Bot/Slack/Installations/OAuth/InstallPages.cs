using System.Text.Encodings.Web;

namespace Il6Bot.Slack.Installations.OAuth;

/// <summary>
/// The few HTML pages of the install flow. Everything put into them (a workspace name, Slack's error code, the
/// authorize URL) is HTML-encoded; the pages load nothing from elsewhere and forbid being framed.
/// </summary>
internal static class InstallPages
{
    public static string AddToSlack(string authorizeUrl) => Page(
        "Add Il6Bot to Slack",
        "<p>Il6Bot answers <code>/il6</code> with the article on interleukin-6 and strength training and posts the weekly nudges your moderators schedule.</p>" +
        $"<p><a id=\"add-to-slack\" class=\"button\" href=\"{Encode(authorizeUrl)}\">Add to Slack</a></p>" +
        "<p class=\"small\">The link works once, for ten minutes, in this browser.</p>");

    public static string Installed(string workspace) => Page(
        "Il6Bot is installed",
        $"<p id=\"installed\">Il6Bot is now installed in <strong>{Encode(workspace)}</strong>.</p>" +
        "<p>Invite it to a channel (<code>/invite @Il6Bot</code>) and try <code>/il6</code>.</p>");

    public static string Failed(string title, string explanation) => Page(
        title,
        $"<p id=\"install-failed\">{Encode(explanation)}</p><p><a href=\"/slack/install\">Start again</a></p>");

    public static async Task WriteAsync(HttpContext context, int status, string html)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        response.Headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">" +
        $"<title>{Encode(title)}</title><style>body{{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}}" +
        ".button{display:inline-block;padding:.6em 1.2em;background:#4a154b;color:#fff;border-radius:4px;text-decoration:none}" +
        ".small{color:#555;font-size:.9em}</style></head>" +
        $"<body><h1>{Encode(title)}</h1>{body}</body></html>";
}
