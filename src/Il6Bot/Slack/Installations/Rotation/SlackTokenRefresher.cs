using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Slack.Installations.Storage;
using Il6Bot.Slack.WebApi;
using Il6Bot.Slack.Workspaces;
using Il6Bot.Transports;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations.Rotation;

/// <summary>What one pass of the refresher did.</summary>
public readonly record struct TokenRefreshSummary(int Refreshed, int Deferred, int Broken);

/// <summary>
/// Token rotation: every minute, on every instance, refreshes the bot tokens that expire within
/// <see cref="RefreshAhead"/> (<c>oauth.v2.access</c>, <c>grant_type=refresh_token</c>). The store hands each due
/// installation to one instance (a claim); a failure Slack may not have meant (network, 5xx, rate limit) is retried
/// with a backoff kept in the row, and a refresh Slack refuses marks the installation broken and pauses the
/// workspace's schedules with the reason, since nothing can post there until the app is installed again.
/// </summary>
public sealed partial class SlackTokenRefresher(
    AdoSlackInstallationStore store,
    ISlackTokenSource tokens,
    SlackApiClient slack,
    IOptions<SlackInstallOptions> options,
    TimeProvider time,
    ILogger<SlackTokenRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>Slack's rotated tokens live 12 hours; a quarter of an hour leaves room for several retries.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(15);

    /// <summary>How long a claim keeps other instances off an installation; longer than one refresh call with its retries.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private PeriodicTimer? _timer;

    /// <summary>The wait before the next try after <paramref name="failedAttempts"/> failures before this one: 30 s, 1 min, 2 min, 4 min, then 5 min.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failedAttempts, 10)));

    /// <summary>One pass: what the loop runs every <see cref="CheckInterval"/>; tests call it after moving the clock.</summary>
    public async Task<TokenRefreshSummary> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var refreshBefore = time.GetUtcNow() + RefreshAhead;
            var summary = default(TokenRefreshSummary);
            foreach (var team in await store.FindDueForRefreshAsync(refreshBefore, cancellationToken).ConfigureAwait(false))
            {
                if (await store.ClaimRefreshAsync(team, refreshBefore, ClaimLease, cancellationToken).ConfigureAwait(false) is { } claim)
                {
                    summary = await RefreshAsync(claim, summary, cancellationToken).ConfigureAwait(false);
                }
            }

            return summary;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(CheckInterval, time);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (StoreUnavailableException ex)
                {
                    LogStoreUnavailable(ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPassFailed(ex);
                }

                LogSleeping(CheckInterval);
            }
            while (await _timer!.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    private async Task<TokenRefreshSummary> RefreshAsync(TokenRefreshClaim claim, TokenRefreshSummary summary, CancellationToken cancellationToken)
    {
        var team = claim.Installation.Team;
        if (claim.Installation.RefreshToken is not { Length: > 0 } refreshToken)
        {
            await BreakAsync(team, "the stored refresh token cannot be decrypted (the Data Protection key ring changed)", cancellationToken).ConfigureAwait(false);
            return summary with { Broken = summary.Broken + 1 };
        }

        var settings = options.Value;
        var result = await slack.RefreshTokenAsync(settings.ClientId!, settings.ClientSecret!, refreshToken, cancellationToken).ConfigureAwait(false);
        if (result is { IsSuccess: true, Value: { AccessToken.Length: > 0, RefreshToken.Length: > 0 } access })
        {
            var expiresAt = access.RefreshDueAt(time.GetUtcNow())!.Value;
            await store.CompleteRefreshAsync(team, access.AccessToken, access.RefreshToken, expiresAt, cancellationToken).ConfigureAwait(false);
            tokens.Forget(team.TeamId);
            LogRefreshed(team, expiresAt);
            return summary with { Refreshed = summary.Refreshed + 1 };
        }

        if (result.Outcome == ApiOutcome.Refused)
        {
            await BreakAsync(team, $"Slack refused the token refresh ({result.ErrorCode ?? "HTTP " + result.StatusCode})", cancellationToken).ConfigureAwait(false);
            return summary with { Broken = summary.Broken + 1 };
        }

        var wait = Backoff(claim.FailedAttempts);
        await store.DeferRefreshAsync(team, time.GetUtcNow() + wait, cancellationToken).ConfigureAwait(false);
        LogDeferred(team, result.Problem ?? "an incomplete answer", claim.FailedAttempts + 1, wait);
        return summary with { Deferred = summary.Deferred + 1 };
    }

    private async Task BreakAsync(SlackTeam team, string why, CancellationToken cancellationToken)
    {
        var reason = "paused: " + why + "; install Il6Bot in this workspace again";
        var paused = await store.MarkBrokenAsync(team, reason, cancellationToken).ConfigureAwait(false);
        tokens.Forget(team.TeamId);
        LogBroken(team, why, paused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack token for {Team} refreshed; the new one expires {ExpiresAt:u}")]
    private partial void LogRefreshed(SlackTeam team, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack token refresh for {Team} failed ({Problem}), attempt {Attempt}; trying again in {Wait}")]
    private partial void LogDeferred(SlackTeam team, string problem, int attempt, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack installation {Team} is broken: {Reason}; {Paused} schedule(s) paused until it is installed again")]
    private partial void LogBroken(SlackTeam team, LogText reason, int paused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack token refresh pass skipped: the store is unavailable ({Fault})")]
    private partial void LogStoreUnavailable(string fault);

    [LoggerMessage(Level = LogLevel.Error, Message = "Slack token refresh pass failed")]
    private partial void LogPassFailed(Exception ex);

    /// <summary>After each pass of the loop: from here only the timer's next tick moves it (tests wait for this line).</summary>
    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack token refresher sleeps {Interval} until its next pass")]
    private partial void LogSleeping(TimeSpan interval);
}
