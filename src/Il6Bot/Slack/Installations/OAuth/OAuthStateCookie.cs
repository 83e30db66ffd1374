using System.Security.Cryptography;
using System.Text;
using Il6Bot.Slack.Installations.Storage;

namespace Il6Bot.Slack.Installations.OAuth;

/// <summary>
/// Binds an install's <c>state</c> to the browser that started it, as Bolt does: the callback must carry the same
/// value in this cookie, so a link opened in another browser, or forged into someone's session, is refused.
/// Secure, HttpOnly and SameSite=Lax (Lax: the callback is a top-level GET from Slack's page, which Lax lets the
/// cookie ride on, while cross-site subrequests never carry it).
/// </summary>
internal static class OAuthStateCookie
{
    public const string Name = "il6bot_slack_oauth_state";

    private const string CookiePath = "/slack";

    public static void Set(HttpContext context, string state) =>
        context.Response.Cookies.Append(Name, state, Options(SlackOAuthStateStore.Lifetime));

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, Options(null));

    /// <summary>True when the browser sent the cookie and it holds exactly <paramref name="state"/>.</summary>
    public static bool Matches(HttpContext context, string state) =>
        context.Request.Cookies[Name] is { Length: > 0 } cookie
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(state));

    private static CookieOptions Options(TimeSpan? maxAge) => new()
    {
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = CookiePath,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
