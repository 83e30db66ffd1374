using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations.Storage;
using Il6Bot.Slack.WebApi;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations.OAuth;

/// <summary>
/// <c>GET /slack/oauth/callback</c>: where Slack sends the browser back. The state must match this browser's cookie
/// and be unused and unexpired (it is used up here, on whichever instance); then the code is exchanged
/// (<c>oauth.v2.access</c>) and the installation stored. Every failure is an error page that stores nothing; no
/// log line carries the code, a token or the client secret.
/// </summary>
public sealed partial class SlackOAuthCallbackEndpoint(
    SlackOAuthStateStore states,
    ISlackInstallationStore installations,
    ISlackTokenSource tokens,
    SlackApiClient slack,
    IOptions<SlackInstallOptions> options,
    TimeProvider time,
    ILogger<SlackOAuthCallbackEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string state = query["state"].ToString(), code = query["code"].ToString(), error = query["error"].ToString();
        var fromThisBrowser = state.Length > 0 && OAuthStateCookie.Matches(context, state);
        OAuthStateCookie.Clear(context);
        try
        {
            var (status, page) = await InstallAsync(state, code, error, fromThisBrowser, context.RequestAborted).ConfigureAwait(false);
            await InstallPages.WriteAsync(context, status, page).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            LogStoreUnavailable(ex.Message);
            await InstallPages.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                InstallPages.Failed("Try again in a moment", "Il6Bot cannot reach its database right now, so nothing was installed.")).ConfigureAwait(false);
        }
    }

    private async Task<(int Status, string Page)> InstallAsync(string state, string code, string error, bool fromThisBrowser, CancellationToken cancellationToken)
    {
        if (error.Length > 0)
        {
            // The user said no (access_denied) or Slack could not go on; the state is used up all the same.
            if (fromThisBrowser)
            {
                await states.ConsumeAsync(state, cancellationToken).ConfigureAwait(false);
            }

            LogDeclined(error);
            return Refused(error == "access_denied"
                ? "The install was cancelled on Slack's page, so Il6Bot was not added."
                : $"Slack did not install Il6Bot ({error}).");
        }

        if (state.Length == 0 || code.Length == 0)
        {
            LogRefused("no state or code");
            return Refused("This page is only reached from Slack's install screen.");
        }

        if (!fromThisBrowser)
        {
            LogRefused("state does not match the browser's cookie");
            return Refused("This install was started in another browser, or its cookie is gone. Start it again here.");
        }

        if (!await states.ConsumeAsync(state, cancellationToken).ConfigureAwait(false))
        {
            LogRefused("state expired or already used");
            return Refused("This install link has expired or was already used.");
        }

        var settings = options.Value;
        var result = await slack.ExchangeCodeAsync(settings.ClientId!, settings.ClientSecret!, code, settings.RedirectUri, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            LogExchangeFailed(result.ErrorCode ?? "-", result.Problem ?? "-");
            return result.Outcome == ApiOutcome.Refused
                ? Refused($"Slack refused the install ({result.ErrorCode ?? "HTTP " + result.StatusCode}).")
                : (StatusCodes.Status502BadGateway, InstallPages.Failed("Slack did not answer", "Slack could not be reached to finish the install. Nothing was stored."));
        }

        if (ToInstallation(result.Value) is not { } installation)
        {
            LogExchangeFailed("incomplete_answer", "no bot token, bot user or team in oauth.v2.access's answer");
            return (StatusCodes.Status502BadGateway, InstallPages.Failed("Install not finished", "Slack's answer had no bot token for a workspace. Nothing was stored."));
        }

        await installations.SaveAsync(installation, cancellationToken).ConfigureAwait(false);

        // A re-install's new token is used at once here (other instances re-read within SlackTokenSource.InstalledFor).
        tokens.Forget(installation.Team.TeamId);
        LogInstalled(installation.Team, installation.Scopes, installation.ExpiresAt is not null);
        return (StatusCodes.Status200OK, InstallPages.Installed(installation.TeamName ?? installation.Team.TeamId));
    }

    /// <summary>The installation in Slack's answer, or null when it is not a bot install of one workspace.</summary>
    private SlackInstallation? ToInstallation(OAuthV2AccessResponse? access)
    {
        if (access is not { TokenType: "bot", AccessToken.Length: > 0, BotUserId.Length: > 0, Team.Id.Length: > 0 })
        {
            return null;
        }

        var now = time.GetUtcNow();
        return new SlackInstallation(
            new SlackTeam(string.IsNullOrEmpty(access.Enterprise?.Id) ? null : access.Enterprise.Id, access.Team.Id),
            access.Team.Name,
            access.AccessToken,
            access.BotUserId,
            access.Scope ?? string.Empty,
            access.AuthedUser?.Id,
            now,
            access.RefreshToken,
            access.RefreshDueAt(now));
    }

    private static (int, string) Refused(string explanation) =>
        (StatusCodes.Status400BadRequest, InstallPages.Failed("Il6Bot was not installed", explanation + " Nothing was stored."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack install: Il6Bot installed in {Team} (scopes {Scopes}, token rotation {Rotation})")]
    private partial void LogInstalled(SlackTeam team, LogText scopes, bool rotation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack install declined on Slack's page: {Error}")]
    private partial void LogDeclined(LogText error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack install refused: {Reason}")]
    private partial void LogRefused(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack install failed: oauth.v2.access answered {Error} ({Problem})")]
    private partial void LogExchangeFailed(LogText error, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack install failed: the store is unavailable ({Fault})")]
    private partial void LogStoreUnavailable(string fault);
}
