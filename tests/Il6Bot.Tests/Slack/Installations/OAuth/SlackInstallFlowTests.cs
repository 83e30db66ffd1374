using System.Net;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;

namespace Il6Bot.Tests.Slack.Installations.OAuth;

/// <summary>"Add to Slack" end to end through the real host and the fake Slack: what is stored, and every refusal.</summary>
public sealed class SlackInstallFlowTests
{
    [Fact]
    public async Task Two_workspaces_install_and_their_tokens_are_stored_encrypted()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        world.Slack.Fake.AddWorkspace("T0BETA", "Beta <b>&</b> Co", enterpriseId: "E0GRID");
        var host = await world.StartHostAsync();

        using var browser = new InstallBrowser();
        var authorize = await browser.OpenInstallPageAsync(host);
        var (status, page) = await browser.GetAsync(await browser.AllowAsync(authorize));
        world.Slack.Fake.AuthorizingTeam = "T0BETA";
        var (betaStatus, betaPage) = await InstallWorld.InstallAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Il6Bot is now installed in <strong>Alpha Lifters</strong>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, betaStatus);
        Assert.Contains("<strong>Beta &lt;b&gt;&amp;&lt;/b&gt; Co</strong>", betaPage, StringComparison.Ordinal);

        // The authorize link: the app's client id, the default scopes, the redirect URI and a state bound to a cookie.
        var query = QueryHelpers.ParseQuery(new Uri(authorize).Query);
        Assert.StartsWith(world.Slack.Fake.OAuthBaseUrl + "/oauth/v2/authorize?", authorize, StringComparison.Ordinal);
        Assert.Equal(Testing.Fakes.FakeSlackApi.OAuthClientId, query["client_id"]);
        Assert.Equal(SlackInstallOptions.DefaultScopes, query["scope"]);
        Assert.Equal(host.BaseAddress + "slack/oauth/callback", query["redirect_uri"]);
        Assert.True(query["state"].ToString().Length >= 40);
        var setCookie = browser.SetCookie!.ToLowerInvariant();
        Assert.Contains("secure", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", setCookie, StringComparison.Ordinal);

        // The exchange: oauth.v2.access on Slack:ApiBaseUrl with the app's credentials, the code and the redirect URI.
        var exchange = world.Slack.Fake.Requests.First(r => r.Path == "/api/oauth.v2.access");
        Assert.Equal(Testing.Fakes.FakeSlackApi.OAuthClientSecret, exchange.Form["client_secret"]);
        Assert.Equal(host.BaseAddress + "slack/oauth/callback", exchange.Form["redirect_uri"]);
        Assert.DoesNotContain(SlackWorld.BotToken, exchange.Authorization, StringComparison.Ordinal);

        var alpha = await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
        var beta = await InstallWorld.Contract(host).FindAsync(new("E0GRID", "T0BETA"), E2E.Ct);
        Assert.NotNull(alpha);
        Assert.NotNull(beta);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), alpha.BotToken);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0BETA"), beta.BotToken);
        Assert.Equal(("Alpha Lifters", "UBOTT0ALPHA", "UINSTALLER"), (alpha.TeamName, alpha.BotUserId, alpha.InstallerUserId));
        Assert.Equal(world.Slack.Clock.GetUtcNow(), alpha.InstalledAt);
        Assert.Null(alpha.RefreshToken);
        Assert.Null(alpha.ExpiresAt);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0BETA"), E2E.Ct));

        // A dump of the database holds no token: the column is ciphertext.
        var columns = await RawTokenColumnsAsync(Path.Combine(host.TempDir, "il6bot.db"));
        Assert.Equal(2, columns.Count);
        Assert.All(columns, column =>
        {
            Assert.DoesNotContain("xoxb-", column, StringComparison.Ordinal);
            Assert.DoesNotContain(alpha.BotToken, column, StringComparison.Ordinal);
            Assert.DoesNotContain(beta.BotToken, column, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_reinstall_replaces_the_workspaces_row()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();

        await InstallWorld.InstallAsync(host);
        var first = world.Slack.Fake.LastTokenFor("T0ALPHA");
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters Renamed");
        var (status, _) = await InstallWorld.InstallAsync(host);

        Assert.Equal(HttpStatusCode.OK, status);
        var stored = await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
        Assert.NotEqual(first, stored!.BotToken);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), stored.BotToken);
        Assert.Equal("Alpha Lifters Renamed", stored.TeamName);
        Assert.Single(await RawTokenColumnsAsync(Path.Combine(host.TempDir, "il6bot.db")));
    }

    [Fact]
    public async Task A_restarted_bot_decrypts_the_tokens_with_the_key_ring_in_its_data_folder()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var dataFolder = world.Slack.NewTempDir();
        var first = await world.StartHostAsync(dataFolder);
        await InstallWorld.InstallAsync(first);
        await world.Slack.StopAsync(first);

        var second = await world.StartHostAsync(dataFolder);

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dataFolder, "data-protection-keys"), "key-*.xml"));
        var stored = await InstallWorld.Contract(second).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), stored!.BotToken);
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_exchanges_nothing()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var browser = new InstallBrowser();
        var callback = await browser.AllowAsync(await browser.OpenInstallPageAsync(host));
        var cookie = browser.Cookie;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(callback)).Status);
        await InstallWorld.Contract(host).DeleteAsync(new(null, "T0ALPHA"), E2E.Ct);

        browser.Cookie = cookie;
        var (status, page) = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("expired or was already used", page, StringComparison.Ordinal);
        Assert.Equal(1, world.Slack.Fake.ExchangeCalls);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));
    }

    [Fact]
    public async Task A_callback_without_the_browsers_cookie_is_refused_and_leaves_the_state_to_its_browser()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var victim = new InstallBrowser();
        var callback = await victim.AllowAsync(await victim.OpenInstallPageAsync(host));
        using var attacker = new InstallBrowser();
        await attacker.OpenInstallPageAsync(host);
        using var noCookie = new InstallBrowser();

        var (wrongStatus, wrongPage) = await attacker.GetAsync(callback);
        var (missingStatus, _) = await noCookie.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus);
        Assert.Contains("started in another browser", wrongPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missingStatus);
        Assert.Equal(0, world.Slack.Fake.ExchangeCalls);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));

        // The refusals did not use the state up: the browser that started the install still finishes it.
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync(callback)).Status);
    }

    [Fact]
    public async Task A_state_older_than_ten_minutes_is_refused()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var browser = new InstallBrowser();
        var callback = await browser.AllowAsync(await browser.OpenInstallPageAsync(host));

        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow().AddMinutes(10));
        var (status, page) = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("expired", page, StringComparison.Ordinal);
        Assert.Equal(0, world.Slack.Fake.ExchangeCalls);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));
    }

    [Fact]
    public async Task A_state_used_a_second_before_ten_minutes_still_installs()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var browser = new InstallBrowser();
        var callback = await browser.AllowAsync(await browser.OpenInstallPageAsync(host));

        // README: the state is valid for 10 minutes, as the install page tells the user; someone slow on Slack's page still gets in.
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow().AddMinutes(10).AddSeconds(-1));
        var (status, page) = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Il6Bot is now installed in <strong>Alpha Lifters</strong>", page, StringComparison.Ordinal);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), (await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task Cancel_on_Slacks_page_shows_that_nothing_was_installed()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var browser = new InstallBrowser();
        var callback = await browser.CancelAsync(await browser.OpenInstallPageAsync(host));
        var cookie = browser.Cookie;

        var (status, page) = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("cancelled", page, StringComparison.Ordinal);
        Assert.Equal(0, world.Slack.Fake.ExchangeCalls);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));

        // The state is used up too: a forged callback with a code after it is refused.
        browser.Cookie = cookie;
        var forged = new Uri(QueryHelpers.AddQueryString(host.BaseAddress + "slack/oauth/callback", new Dictionary<string, string?>
        {
            ["code"] = "code-forged",
            ["state"] = QueryHelpers.ParseQuery(callback.Query)["state"],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync(forged)).Status);
        Assert.Equal(0, world.Slack.Fake.ExchangeCalls);
    }

    [Fact]
    public async Task A_cancel_sent_from_another_browser_leaves_the_state_to_its_browser()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var victim = new InstallBrowser();
        var callback = await victim.AllowAsync(await victim.OpenInstallPageAsync(host));
        using var attacker = new InstallBrowser();
        await attacker.OpenInstallPageAsync(host);

        // Anyone who saw the link can send its state back as a cancel; only the browser holding the cookie may use it up.
        var forgedCancel = new Uri(QueryHelpers.AddQueryString(host.BaseAddress + "slack/oauth/callback", new Dictionary<string, string?>
        {
            ["error"] = "access_denied",
            ["state"] = QueryHelpers.ParseQuery(callback.Query)["state"],
        }));
        Assert.Equal(HttpStatusCode.BadRequest, (await attacker.GetAsync(forgedCancel)).Status);

        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync(callback)).Status);
        Assert.NotNull(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));
    }

    [Fact]
    public async Task Slacks_error_code_with_a_line_break_stays_on_one_line_of_the_log()
    {
        await using var world = await InstallWorld.StartAsync();
        var host = await world.StartHostAsync();
        using var browser = new InstallBrowser();
        await browser.OpenInstallPageAsync(host);

        var (status, _) = await browser.GetAsync(new Uri(QueryHelpers.AddQueryString(host.BaseAddress + "slack/oauth/callback", "error", "access_denied\n[12:00:00 ERR] FORGED")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var declined = Assert.Single(world.Logs.Entries, e => e.Message.Contains("FORGED", StringComparison.Ordinal));
        Assert.Contains("access_denied\\n[12:00:00 ERR] FORGED", declined.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', declined.Message);
    }

    [Theory]
    [InlineData(0, "invalid_code", HttpStatusCode.BadRequest, "Slack refused the install (invalid_code)")]
    [InlineData(500, null, HttpStatusCode.BadGateway, "Slack could not be reached")]
    public async Task A_failed_exchange_shows_an_error_page_and_stores_nothing(int httpStatus, string? slackError, HttpStatusCode expected, string explanation)
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        if (slackError is not null)
        {
            world.Slack.Fake.FailWith("oauth.v2.access", slackError);
        }
        else
        {
            world.Slack.Fake.FailStatus("oauth.v2.access", httpStatus);
        }

        var host = await world.StartHostAsync();

        var (status, page) = await InstallWorld.InstallAsync(host);

        Assert.Equal(expected, status);
        Assert.Contains(explanation, page, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", page, StringComparison.Ordinal);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct));
        Assert.Equal(1, world.Slack.Fake.ExchangeCalls);
    }

    [Fact]
    public async Task No_log_line_carries_a_code_a_token_or_the_client_secret()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync();

        await InstallWorld.InstallAsync(host);
        await InstallWorld.InstallAsync(host);
        world.Slack.Fake.FailWith("oauth.v2.access", "invalid_code");
        await InstallWorld.InstallAsync(host);

        var logs = world.LogText();
        Assert.Contains("Il6Bot installed in T0ALPHA", logs, StringComparison.Ordinal);
        Assert.Contains("invalid_code", logs, StringComparison.Ordinal);
        Assert.NotEmpty(world.Slack.Fake.IssuedCodes);
        Assert.All(world.Slack.Fake.IssuedCodes, code => Assert.DoesNotContain(code, logs, StringComparison.Ordinal));
        Assert.All(world.Slack.Fake.IssuedTokens, token => Assert.DoesNotContain(token.BotToken, logs, StringComparison.Ordinal));
        Assert.DoesNotContain(Testing.Fakes.FakeSlackApi.OAuthClientSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxe-", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_client_id_there_is_no_install_page()
    {
        await using var world = await InstallWorld.StartAsync();
        var host = await world.Slack.StartHostAsync();

        using var response = await host.Client.GetAsync(new Uri("/slack/install", UriKind.Relative), E2E.Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static async Task<List<string>> RawTokenColumnsAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(E2E.Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT bot_token || ' ' || COALESCE(refresh_token, '') FROM slack_installations";
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(E2E.Ct);
        while (await reader.ReadAsync(E2E.Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
