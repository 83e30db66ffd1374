using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Slack.Installations.Storage;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations.OAuth;

/// <summary>
/// <c>GET /slack/install</c>: a page with the "Add to Slack" button, whose link carries a fresh single-use
/// <c>state</c> that this browser also gets as a cookie.
/// </summary>
public sealed partial class SlackInstallEndpoint(SlackOAuthStateStore states, IOptions<SlackInstallOptions> options, ILogger<SlackInstallEndpoint> logger)
{
    public const string Path = "/slack/install";

    public async Task HandleAsync(HttpContext context)
    {
        string state;
        try
        {
            state = await states.CreateAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            LogStoreUnavailable(ex.Message);
            await InstallPages.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                InstallPages.Failed("Try again in a moment", "Il6Bot cannot reach its database right now, so it cannot start an install.")).ConfigureAwait(false);
            return;
        }

        OAuthStateCookie.Set(context, state);
        await InstallPages.WriteAsync(context, StatusCodes.Status200OK, InstallPages.AddToSlack(AuthorizeUrl(options.Value, state))).ConfigureAwait(false);
    }

    internal static string AuthorizeUrl(SlackInstallOptions options, string state)
    {
        var scopes = string.Join(',', options.Scopes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return options.OAuthBaseUrl.TrimEnd('/') + "/oauth/v2/authorize" +
            "?client_id=" + Uri.EscapeDataString(options.ClientId!) +
            "&scope=" + Uri.EscapeDataString(scopes) +
            "&redirect_uri=" + Uri.EscapeDataString(options.RedirectUri) +
            "&state=" + Uri.EscapeDataString(state);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack install not started: the store is unavailable ({Fault})")]
    private partial void LogStoreUnavailable(string fault);
}
