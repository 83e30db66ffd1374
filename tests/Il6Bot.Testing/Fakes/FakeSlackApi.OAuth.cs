using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Testing.Fakes;

/// <summary>
/// Slack's side of "Add to Slack": the authorize page under <see cref="OAuthBaseUrl"/> (Allow redirects back with a
/// one-time code, Cancel with <c>error=access_denied</c>) and <c>oauth.v2.access</c> under the Web API, which
/// exchanges a code, or with <see cref="TokenRotation"/> on also refreshes, for a workspace's bot token.
/// </summary>
public sealed partial class FakeSlackApi
{
    public const string OAuthClientId = "1111.2222";

    public const string OAuthClientSecret = "fake-client-secret-9f8e7d";

    private const string OAuthAccessMethod = "oauth.v2.access";

    private readonly ConcurrentDictionary<string, FakeWorkspace> _workspaces = new();
    private readonly ConcurrentDictionary<string, FakeGrant> _codes = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();
    private readonly ConcurrentQueue<string> _authorizeQueries = new();
    private readonly ConcurrentQueue<FakeIssuedToken> _issued = new();
    private long _tokenNumber;

    /// <summary>For <c>Slack:OAuthBaseUrl</c>.</summary>
    public string OAuthBaseUrl => BaseAddress.ToString().TrimEnd('/');

    /// <summary>The workspace the next Allow installs into (the user's pick on Slack's page); by default the first added.</summary>
    public string? AuthorizingTeam { get; set; }

    /// <summary>When on, installs and refreshes answer with a refresh token and <see cref="ExpiresInSeconds"/>.</summary>
    public bool TokenRotation { get; set; }

    public int ExpiresInSeconds { get; set; } = 43_200;

    /// <summary>When set, every refresh answers <c>ok:false</c> with this error (Slack revoked the app's refresh token).</summary>
    public string? RefuseRefreshWith { get; set; }

    /// <summary>The query strings the authorize page was opened with, in order.</summary>
    public IReadOnlyList<string> AuthorizeQueries => [.. _authorizeQueries];

    /// <summary>Every bot token handed out, in order.</summary>
    public IReadOnlyList<FakeIssuedToken> IssuedTokens => [.. _issued];

    /// <summary>Every code handed out by Allow, in order (so a test can check none reaches a log).</summary>
    public IReadOnlyList<string> IssuedCodes => [.. _codes.Keys.Concat(_usedCodes)];

    public int RefreshCalls => Requests.Count(r => r.Path == "/api/" + OAuthAccessMethod && r.Form.GetValueOrDefault("grant_type") == "refresh_token");

    public int ExchangeCalls => Requests.Count(r => r.Path == "/api/" + OAuthAccessMethod && r.Form.ContainsKey("code"));

    private readonly ConcurrentQueue<string> _usedCodes = new();

    public void AddWorkspace(string teamId, string teamName, string? enterpriseId = null)
    {
        _workspaces[teamId] = new FakeWorkspace(teamId, teamName, enterpriseId);
        AuthorizingTeam ??= teamId;
    }

    /// <summary>The last bot token issued for <paramref name="teamId"/>.</summary>
    public string LastTokenFor(string teamId) => IssuedTokens.Last(t => t.TeamId == teamId).BotToken;

    private static void MapOAuthPages(WebApplication app, Func<FakeSlackApi> fake)
    {
        app.MapGet("/oauth/v2/authorize", (HttpContext context) => fake().AuthorizePageAsync(context));
        app.MapGet("/oauth/v2/authorize/allow", (HttpContext context) => fake().Allow(context));
    }

    private Task AuthorizePageAsync(HttpContext context)
    {
        var query = context.Request.Query;
        _authorizeQueries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        if (query["client_id"] != OAuthClientId || AuthorizingTeam is null || !_workspaces.TryGetValue(AuthorizingTeam, out var workspace))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("invalid_client_id or no workspace", context.RequestAborted);
        }

        var redirect = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var allow = QueryHelpers.AddQueryString("/oauth/v2/authorize/allow", new Dictionary<string, string?>
        {
            ["redirect_uri"] = redirect,
            ["state"] = state,
            ["scope"] = query["scope"].ToString(),
            ["team"] = workspace.TeamId,
        });
        var cancel = QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["error"] = "access_denied", ["state"] = state });
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!DOCTYPE html><html><head><title>Install on Slack</title></head><body>" +
            $"<h1>Il6Bot is requesting permission to access {WebUtility.HtmlEncode(workspace.TeamName)}</h1>" +
            $"<a id=\"allow\" href=\"{WebUtility.HtmlEncode(allow)}\">Allow</a> " +
            $"<a id=\"cancel\" href=\"{WebUtility.HtmlEncode(cancel)}\">Cancel</a></body></html>",
            context.RequestAborted);
    }

    private IResult Allow(HttpContext context)
    {
        var query = context.Request.Query;
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = new FakeGrant(query["team"].ToString(), query["redirect_uri"].ToString(), query["scope"].ToString());
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"].ToString() }));
    }

    private JsonObject OAuthAccess(SlackRecordedRequest request)
    {
        var form = request.Form;
        if (form.GetValueOrDefault("client_id") != OAuthClientId)
        {
            return OAuthError("invalid_client_id");
        }

        if (form.GetValueOrDefault("client_secret") != OAuthClientSecret)
        {
            return OAuthError("bad_client_secret");
        }

        if (form.GetValueOrDefault("grant_type") == "refresh_token")
        {
            if (RefuseRefreshWith is { } refusal)
            {
                return OAuthError(refusal);
            }

            // Rotation: a refresh token works once, and the answer carries its successor.
            return _refreshTokens.TryRemove(form.GetValueOrDefault("refresh_token") ?? string.Empty, out var refreshedTeam)
                ? Grant(_workspaces[refreshedTeam], scope: "commands,chat:write", forRefresh: true)
                : OAuthError("invalid_refresh_token");
        }

        if (!_codes.TryRemove(form.GetValueOrDefault("code") ?? string.Empty, out var grant))
        {
            return OAuthError("invalid_code");
        }

        _usedCodes.Enqueue(form["code"]);
        return grant.RedirectUri != form.GetValueOrDefault("redirect_uri")
            ? OAuthError("bad_redirect_uri")
            : Grant(_workspaces[grant.TeamId], grant.Scope, forRefresh: false);
    }

    private JsonObject Grant(FakeWorkspace workspace, string scope, bool forRefresh)
    {
        var token = $"xoxb-{workspace.TeamId}-{Interlocked.Increment(ref _tokenNumber).ToString(CultureInfo.InvariantCulture)}";
        _issued.Enqueue(new FakeIssuedToken(workspace.TeamId, token));
        var answer = new JsonObject
        {
            ["ok"] = true,
            ["access_token"] = token,
            ["token_type"] = "bot",
            ["scope"] = scope,
            ["bot_user_id"] = "UBOT" + workspace.TeamId,
            ["app_id"] = "A0FAKEAPP",
            ["team"] = new JsonObject { ["id"] = workspace.TeamId, ["name"] = workspace.TeamName },
            ["enterprise"] = workspace.EnterpriseId is null ? null : new JsonObject { ["id"] = workspace.EnterpriseId, ["name"] = "Grid" },
            ["is_enterprise_install"] = false,
        };
        if (!forRefresh)
        {
            answer["authed_user"] = new JsonObject { ["id"] = "UINSTALLER" };
        }

        if (TokenRotation || forRefresh)
        {
            var refresh = "xoxe-1-" + Guid.NewGuid().ToString("N");
            _refreshTokens[refresh] = workspace.TeamId;
            answer["refresh_token"] = refresh;
            answer["expires_in"] = ExpiresInSeconds;
        }

        return answer;
    }

    private static JsonObject OAuthError(string error) => new() { ["ok"] = false, ["error"] = error };

    private sealed record FakeWorkspace(string TeamId, string TeamName, string? EnterpriseId);

    private sealed record FakeGrant(string TeamId, string RedirectUri, string Scope);
}

public sealed record FakeIssuedToken(string TeamId, string BotToken);
