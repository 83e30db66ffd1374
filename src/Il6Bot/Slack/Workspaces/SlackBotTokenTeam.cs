using Il6Bot.Hosting;
using Il6Bot.Slack.WebApi;
using Il6Bot.Transports;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Workspaces;

/// <summary>
/// The workspace <c>Slack:BotToken</c> belongs to, asked of Slack (<c>auth.test</c>) at start-up when the bot also
/// serves installed workspaces: the token then stands in for that workspace only. Asked again (at most once a
/// minute) when start-up could not find out. The Web API client is built only then: as a hosted service this is built
/// at every start, and a bot without that set-up should not build the client's HTTP pipeline for nothing.
/// </summary>
public sealed partial class SlackBotTokenTeam(
    IOptionsMonitor<SlackOptions> options,
    Lazy<SlackApiClient> api,
    TimeProvider time,
    ILogger<SlackBotTokenTeam> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();

    // Cancels a lookup still in flight at shutdown: the HTTP pipeline's disposal waits for running requests.
    private readonly CancellationTokenSource _stopping = new();
    private Task<string?>? _team;
    private DateTimeOffset _askedAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: Slack being slow or down must not hold up start-up; the first lookup that needs it waits.
        _ = TeamAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();

    /// <summary>Whether <c>Slack:BotToken</c> is that workspace's token.</summary>
    public async Task<bool> IsTeamAsync(string teamId, CancellationToken cancellationToken) =>
        string.Equals(await TeamAsync().WaitAsync(cancellationToken).ConfigureAwait(false), teamId, StringComparison.Ordinal);

    private Task<string?> TeamAsync()
    {
        var current = options.CurrentValue;
        if (!current.IsMultiWorkspace || string.IsNullOrWhiteSpace(current.BotToken))
        {
            return Task.FromResult<string?>(null);
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_team is null || (_team is { IsCompletedSuccessfully: true, Result: null } && now - _askedAt >= RetryAfter))
            {
                _askedAt = now;
                _team = AskAsync(current.BotToken);
            }

            return _team;
        }
    }

    private async Task<string?> AskAsync(string token)
    {
        ApiResult<AuthTestResponse> answer;
        try
        {
            answer = await api.Value.AuthTestAsync(token, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }

        if (answer.Value is { Ok: true, TeamId: { Length: > 0 } team })
        {
            LogLearned(team);
            return team;
        }

        LogUnknown(answer.ErrorCode ?? answer.Problem ?? "no answer");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack:BotToken belongs to workspace {TeamId}; it serves that workspace when it has no installation")]
    private partial void LogLearned(LogText teamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not learn the workspace of Slack:BotToken (auth.test: {Problem}); it serves no workspace until it can")]
    private partial void LogUnknown(LogText problem);
}
