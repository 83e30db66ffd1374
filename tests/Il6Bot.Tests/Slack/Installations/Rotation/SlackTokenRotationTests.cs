using System.Net;
using Il6Bot.Slack.Installations;
using Il6Bot.Slack.Installations.Rotation;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Npgsql;

namespace Il6Bot.Tests.Slack.Installations.Rotation;

/// <summary>
/// Token rotation through real hosts: a token about to expire is refreshed once however many instances look, a
/// failure Slack may not have meant is retried after a backoff, and a refresh Slack refuses breaks the installation
/// and pauses the workspace's schedules with the reason.
/// </summary>
public sealed class SlackTokenRotationTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static readonly SlackTeam Alpha = new(null, "T0ALPHA");

    [Fact]
    public async Task Two_hosts_on_one_PostgreSQL_refresh_a_token_once_and_read_each_others_tokens()
    {
        await using var database = await PostgresDatabase.CreateAsync(E2E.Ct);
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        world.Slack.Fake.TokenRotation = true;
        var a = await world.StartHostAsync(settings: Postgres(database, "il6bot-rotation-a"));
        var b = await world.StartHostAsync(settings: Postgres(database, "il6bot-rotation-b"));
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(a)).Status);
        var installed = await InstallWorld.Contract(b).FindAsync(new(null, "T0ALPHA"), E2E.Ct);

        // Written by a, read by b: the key ring is in the database both use, sealed with the Slack:TokenEncryptionKey both have.
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), installed!.BotToken);
        Assert.Equal(world.Slack.Clock.GetUtcNow() + Lifetime, installed.ExpiresAt);
        Assert.StartsWith("xoxe-1-", installed.RefreshToken, StringComparison.Ordinal);

        // Not yet due: nothing happens.
        Assert.Equal(default, await InstallWorld.Refresher(a).RunOnceAsync(E2E.Ct));
        world.Slack.Clock.JumpTo(installed.ExpiresAt!.Value - SlackTokenRefresher.RefreshAhead);
        var passes = await Task.WhenAll(InstallWorld.Refresher(a).RunOnceAsync(E2E.Ct), InstallWorld.Refresher(b).RunOnceAsync(E2E.Ct));

        Assert.Equal(1, passes.Sum(p => p.Refreshed));
        Assert.Equal(1, world.Slack.Fake.RefreshCalls);
        var refresh = world.Slack.Fake.Requests.Single(r => r.Form.GetValueOrDefault("grant_type") == "refresh_token");
        Assert.Equal(installed.RefreshToken, refresh.Form["refresh_token"]);
        var newToken = world.Slack.Fake.LastTokenFor("T0ALPHA");
        Assert.NotEqual(installed.BotToken, newToken);
        foreach (var host in new[] { a, b })
        {
            var now = await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
            Assert.Equal(newToken, now!.BotToken);
            Assert.Equal(world.Slack.Clock.GetUtcNow() + Lifetime, now.ExpiresAt);
        }

        // Both hosts look again: the new token is not due, nobody refreshes.
        await Task.WhenAll(InstallWorld.Refresher(a).RunOnceAsync(E2E.Ct), InstallWorld.Refresher(b).RunOnceAsync(E2E.Ct));
        Assert.Equal(1, world.Slack.Fake.RefreshCalls);

        // The token columns hold no token (KeyRing/KeyRingDumpTests dump every table, key ring included, and show that
        // its keys open nothing without Slack:TokenEncryptionKey).
        var raw = await RawPostgresTokensAsync(database);
        Assert.DoesNotContain("xoxb-", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxe-", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_that_fails_on_the_way_is_retried_after_a_backoff()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync();
        await InstallWorld.InstallAsync(host);
        var installed = await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
        world.Slack.Clock.JumpTo(installed!.ExpiresAt!.Value - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.FailStatus("oauth.v2.access", 503, times: 2);

        var first = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        var tooSoon = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow() + SlackTokenRefresher.Backoff(0));
        var second = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow() + SlackTokenRefresher.Backoff(1) - TimeSpan.FromSeconds(1));
        var stillWaiting = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var third = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(new TokenRefreshSummary(0, 1, 0), first);
        Assert.Equal(default, tooSoon);
        Assert.Equal(new TokenRefreshSummary(0, 1, 0), second);
        Assert.Equal(default, stillWaiting);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), third);
        Assert.Equal(3, world.Slack.Fake.RefreshCalls);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), (await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct))!.BotToken);
        Assert.True(SlackTokenRefresher.Backoff(1) > SlackTokenRefresher.Backoff(0));
    }

    [Fact]
    public async Task A_refresh_Slack_refuses_breaks_the_installation_and_pauses_its_schedules_with_the_reason()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace(SlackWorld.Team, "E2E Lifters");
        world.Slack.Fake.AddWorkspace("T0OTHER", "Other Lifters");
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync();
        await InstallWorld.InstallAsync(host);
        var id = await world.Slack.ScheduleAsync(host);
        var installed = await InstallWorld.Contract(host).FindAsync(new(null, SlackWorld.Team), E2E.Ct);
        world.Slack.Clock.JumpTo(installed!.ExpiresAt!.Value - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.RefuseRefreshWith = "invalid_refresh_token";

        // A command just before the pass: this instance now remembers the workspace's token (for up to
        // SlackTokenSource.InstalledFor), and the break must make it forget it.
        Assert.Contains(id, (await world.Slack.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
        var pass = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(new TokenRefreshSummary(0, 0, 1), pass);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(new(null, SlackWorld.Team), E2E.Ct));
        Assert.Contains("invalid_refresh_token", await InstallWorld.Store(host).BrokenReasonAsync(new(null, SlackWorld.Team), E2E.Ct), StringComparison.Ordinal);
        // Without a working installation the workspace is told where to install, as any uninstalled one is.
        Assert.Contains("Il6Bot is not installed here", (await world.Slack.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);

        // Broken is final until a re-install: no more refresh attempts, and installing again repairs it.
        Assert.Equal(default, await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        Assert.Equal(1, world.Slack.Fake.RefreshCalls);
        world.Slack.Fake.RefuseRefreshWith = null;
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(host)).Status);
        Assert.Equal(world.Slack.Fake.LastTokenFor(SlackWorld.Team), (await InstallWorld.Contract(host).FindAsync(new(null, SlackWorld.Team), E2E.Ct))!.BotToken);

        // After the re-install the moderator sees why the schedule stopped, and resumes it.
        var list = await world.Slack.NudgeAsync(host, "list");
        Assert.Contains(id, list.Text, StringComparison.Ordinal);
        Assert.Contains("Paused", list.Text, StringComparison.Ordinal);
        Assert.Contains("Slack refused the token refresh (invalid_refresh_token)", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_refreshed_from_15_minutes_before_it_expires_not_later()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);

        // README "Token rotation": tokens expiring within 15 minutes are refreshed, which leaves room for the retries
        // after 30 s, 1 min, 2 min and 5 min before the token stops working.
        world.Slack.Clock.JumpTo(expiresAt - TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        var early = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(expiresAt - TimeSpan.FromMinutes(15));
        var due = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(default, early);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), due);
        Assert.Equal(world.Slack.Fake.LastTokenFor(Alpha.TeamId), (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task A_refresh_answer_without_a_lifetime_is_kept_and_refreshed_again_at_the_next_pass()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);
        world.Slack.Clock.JumpTo(expiresAt - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.ExpiresInSeconds = 0;

        // Slack's refresh token is single-use: dropping this answer would leave only the spent one.
        var odd = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        var kept = (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!;
        world.Slack.Fake.ExpiresInSeconds = (int)Lifetime.TotalSeconds;
        var next = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        var settled = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(new TokenRefreshSummary(1, 0, 0), odd);
        Assert.Equal(world.Slack.Clock.GetUtcNow(), kept.ExpiresAt);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), next);
        Assert.Equal(default, settled);
        Assert.Equal(2, world.Slack.Fake.RefreshCalls);
        var installed = (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!;
        Assert.Equal(world.Slack.Fake.LastTokenFor(Alpha.TeamId), installed.BotToken);
        Assert.Equal(world.Slack.Clock.GetUtcNow() + Lifetime, installed.ExpiresAt);
    }

    [Fact]
    public async Task An_install_with_a_refresh_token_but_no_lifetime_is_refreshed_at_the_first_pass()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.ExpiresInSeconds = 0;
        var (host, expiresAt) = await InstallRotatingAsync(world);
        world.Slack.Fake.ExpiresInSeconds = (int)Lifetime.TotalSeconds;

        var first = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(world.Slack.Clock.GetUtcNow(), expiresAt);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), first);
        Assert.Equal(world.Slack.Fake.LastTokenFor(Alpha.TeamId), (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task Failed_refreshes_are_retried_after_a_wait_doubling_from_30_s_up_to_5_min_before_the_token_expires()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);
        world.Slack.Clock.JumpTo(expiresAt - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.FailStatus("oauth.v2.access", 503, times: 5);

        // Each wait, kept in the store: one second early nothing happens, on time the next try goes out. The waits
        // double from 30 s and stop growing at 5 min, so five failures still fit in the quarter of an hour before expiry.
        foreach (var wait in new[] { 30, 60, 120, 240, 300 })
        {
            Assert.Equal(new TokenRefreshSummary(0, 1, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
            var retryAt = world.Slack.Clock.GetUtcNow() + TimeSpan.FromSeconds(wait);
            world.Slack.Clock.JumpTo(retryAt - TimeSpan.FromSeconds(1));
            Assert.Equal(default, await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
            world.Slack.Clock.JumpTo(retryAt);
        }

        Assert.Equal(new TokenRefreshSummary(1, 0, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        Assert.Equal(6, world.Slack.Fake.RefreshCalls);
        Assert.True(world.Slack.Clock.GetUtcNow() < expiresAt, "five failures still leave the token time to be replaced");
    }

    [Fact]
    public async Task After_a_refresh_succeeds_the_next_failure_is_retried_after_30_s_again()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);
        world.Slack.Clock.JumpTo(expiresAt - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.FailStatus("oauth.v2.access", 503, times: 3);
        foreach (var wait in new[] { 30, 60, 120 })
        {
            Assert.Equal(new TokenRefreshSummary(0, 1, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
            world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow() + TimeSpan.FromSeconds(wait));
        }

        Assert.Equal(new TokenRefreshSummary(1, 0, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));

        // Twelve hours on, the new token's refresh fails once: the count of failures started over with the success.
        var renewed = (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.ExpiresAt!.Value;
        world.Slack.Clock.JumpTo(renewed - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.FailStatus("oauth.v2.access", 503, times: 1);
        Assert.Equal(new TokenRefreshSummary(0, 1, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow() + TimeSpan.FromSeconds(30));

        Assert.Equal(new TokenRefreshSummary(1, 0, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        Assert.Equal(6, world.Slack.Fake.RefreshCalls);
    }

    [Fact]
    public async Task The_refresher_looks_once_a_minute_on_its_own()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);
        var refresh = world.Slack.Fake.WaitForAsync(r => r.Form.GetValueOrDefault("grant_type") == "refresh_token", E2E.Ct);

        // JumpTo fires no timer: the token is due, but only the refresher's own minute timer may notice.
        world.Slack.Clock.JumpTo(expiresAt - SlackTokenRefresher.RefreshAhead);
        Assert.False(refresh.IsCompleted);
        world.Slack.Clock.Advance(TimeSpan.FromMinutes(1));
        await refresh.WaitAsync(E2E.Timeout, E2E.Ct);

        // A pass of our own waits for the loop's pass to finish (one pass at a time) and finds nothing left to do.
        Assert.Equal(default, await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        Assert.Equal(1, world.Slack.Fake.RefreshCalls);
        Assert.Equal(world.Slack.Fake.LastTokenFor(Alpha.TeamId), (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task A_refresh_claimed_by_an_instance_that_died_is_taken_over_when_its_lease_ends()
    {
        await using var world = await InstallWorld.StartAsync();
        var (host, expiresAt) = await InstallRotatingAsync(world);
        var due = expiresAt - SlackTokenRefresher.RefreshAhead;
        world.Slack.Clock.JumpTo(due);

        // Another instance claimed the refresh and stopped before it finished: it neither stored a token nor released the claim.
        Assert.NotNull(await InstallWorld.Store(host).ClaimRefreshAsync(Alpha, expiresAt, SlackTokenRefresher.ClaimLease, E2E.Ct));
        var whileClaimed = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(due + SlackTokenRefresher.ClaimLease - TimeSpan.FromSeconds(1));
        var justBefore = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);
        world.Slack.Clock.JumpTo(due + SlackTokenRefresher.ClaimLease);
        var afterLease = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        Assert.Equal(default, whileClaimed);
        Assert.Equal(default, justBefore);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), afterLease);
        Assert.Equal(1, world.Slack.Fake.RefreshCalls);
        Assert.Equal(world.Slack.Fake.LastTokenFor(Alpha.TeamId), (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.BotToken);
    }

    [Fact]
    public async Task A_broken_installation_pauses_only_its_own_workspaces_schedules()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace(SlackWorld.Team, "E2E Lifters");
        world.Slack.Fake.AddWorkspace("T0OTHER", "Other Lifters");
        world.Slack.Fake.Channels["COTHER"] = (true, false);
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync();
        await InstallWorld.InstallAsync(host);
        await world.Slack.ScheduleAsync(host);
        var broken = (await InstallWorld.Contract(host).FindAsync(new(null, SlackWorld.Team), E2E.Ct))!.ExpiresAt!.Value;

        // The other workspace installs an hour later, so its token is not due when the first one's refresh is refused.
        world.Slack.Clock.JumpTo(world.Slack.Clock.GetUtcNow().AddHours(1));
        world.Slack.Fake.AuthorizingTeam = "T0OTHER";
        await InstallWorld.InstallAsync(host);
        var other = E2E.ScheduledId((await SlackInstalledWorkspacesEndToEndTests.CommandAsync(
            world, host, "T0OTHER", "COTHER", "/nudge", "schedule <#COTHER|gym> mon 09:00 Europe/Berlin")).Text);
        var otherExpires = (await InstallWorld.Contract(host).FindAsync(new(null, "T0OTHER"), E2E.Ct))!.ExpiresAt!.Value;
        world.Slack.Clock.JumpTo(broken - SlackTokenRefresher.RefreshAhead);
        world.Slack.Fake.RefuseRefreshWith = "invalid_refresh_token";
        Assert.Equal(new TokenRefreshSummary(0, 0, 1), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));

        // The other workspace goes on: its schedule is active, its token is refreshed, its nudge is posted.
        Assert.Contains(world.Logs.Entries, e => e.Message.Contains("1 schedule(s) paused", StringComparison.Ordinal));
        var list = await SlackInstalledWorkspacesEndToEndTests.CommandAsync(world, host, "T0OTHER", "COTHER", "/nudge", "list");
        Assert.Contains(other, list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Paused", list.Text, StringComparison.Ordinal);
        world.Slack.Fake.RefuseRefreshWith = null;
        world.Slack.Clock.JumpTo(otherExpires - SlackTokenRefresher.RefreshAhead);
        Assert.Equal(new TokenRefreshSummary(1, 0, 0), await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct));
        Assert.Equal(1, (await world.Slack.TickAtAsync(host, DiscordWorld.FirstMonday)).Posted);
        Assert.Equal("COTHER", Assert.Single(world.Slack.PostMessageCalls()).Json["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_token_the_key_ring_no_longer_opens_breaks_the_installation_without_asking_Slack()
    {
        await using var world = await InstallWorld.StartAsync();
        var dataFolder = world.Slack.NewTempDir();
        var (first, expiresAt) = await InstallRotatingAsync(world, dataFolder);
        await world.Slack.StopAsync(first);

        // README "Tokens at rest": losing the key ring loses the tokens. Here the data folder comes back without it.
        Directory.Delete(Path.Combine(dataFolder, "data-protection-keys"), recursive: true);
        var host = await world.StartHostAsync(dataFolder);
        world.Slack.Clock.JumpTo(expiresAt - SlackTokenRefresher.RefreshAhead);

        var pass = await InstallWorld.Refresher(host).RunOnceAsync(E2E.Ct);

        // The operator is told the cause (not a refusal by Slack), and the workspace is told to install again.
        Assert.Equal(new TokenRefreshSummary(0, 0, 1), pass);
        Assert.Equal(0, world.Slack.Fake.RefreshCalls);
        var reason = await InstallWorld.Store(host).BrokenReasonAsync(Alpha, E2E.Ct);
        Assert.Contains("the stored refresh token cannot be decrypted (the Data Protection key ring changed)", reason, StringComparison.Ordinal);
        Assert.Null(await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct));
    }

    /// <summary>A host with <see cref="Alpha"/> installed with token rotation on; returns when its token expires.</summary>
    private static async Task<(BotHost Host, DateTimeOffset ExpiresAt)> InstallRotatingAsync(InstallWorld world, string? dataFolder = null)
    {
        world.Slack.Fake.AddWorkspace(Alpha.TeamId, "Alpha Lifters");
        world.Slack.Fake.TokenRotation = true;
        var host = await world.StartHostAsync(dataFolder);
        Assert.Equal(HttpStatusCode.OK, (await InstallWorld.InstallAsync(host)).Status);
        return (host, (await InstallWorld.Contract(host).FindAsync(Alpha, E2E.Ct))!.ExpiresAt!.Value);
    }

    private static Dictionary<string, string?> Postgres(PostgresDatabase database, string name) => new()
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = database.ConnectionStringFor(name),
    };

    private static async Task<string> RawPostgresTokensAsync(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(E2E.Ct);
        await using var command = new NpgsqlCommand("SELECT string_agg(bot_token || ' ' || COALESCE(refresh_token, ''), ' ') FROM slack_installations", connection);
        return (string)(await command.ExecuteScalarAsync(E2E.Ct))!;
    }
}
