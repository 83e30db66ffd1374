using Il6Bot.Commands;
using Il6Bot.Hosting;
using Microsoft.Extensions.Options;

namespace Il6Bot.Discord.Rest;

/// <summary>
/// On start, replaces the application's commands (globally, or in <c>Discord:GuildId</c>) with one bulk
/// overwrite generated from the command specs. Runs in the background so a slow or rate-limited Discord
/// never delays start-up, and a failure is logged, never fatal.
/// </summary>
public sealed partial class DiscordCommandRegistrar(
    CommandEngine engine,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DiscordCommandRegistrar> logger) : BackgroundService
{
    /// <summary>Completes with true when the commands were registered (tests await it).</summary>
    public Task<bool> Completion => _completion.Task;

    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ApplicationId) || string.IsNullOrWhiteSpace(settings.BotToken)
            || !await lifetime.WaitUntilStartedAsync(stoppingToken).ConfigureAwait(false))
        {
            _completion.TrySetResult(false);
            return;
        }

        var scope = string.IsNullOrWhiteSpace(settings.GuildId) ? "globally" : $"in guild {settings.GuildId}";
        try
        {
            var commands = DiscordCommandBuilder.Build(engine.Specs);
            var result = await rest.BulkOverwriteCommandsAsync(settings.ApplicationId, settings.GuildId, commands, stoppingToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                var names = string.Join(", ", commands.Select(c => "/" + c.Name));
                LogRegistered(commands.Count, scope, names);
                _completion.TrySetResult(true);
                return;
            }

            var hint = result.StatusCode switch
            {
                401 => " Check Discord:BotToken.",
                403 or 404 => " Check Discord:ApplicationId (and Discord:GuildId: the bot must be in that server with the applications.commands scope).",
                400 => " Discord rejected the command definitions.",
                _ => " Discord may be unavailable; restart to try again.",
            };
            LogFailed(scope, result.Problem + "." + hint);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogCrashed(ex, scope);
        }

        _completion.TrySetResult(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord: registered {Count} commands {Scope}: {Commands}")]
    private partial void LogRegistered(int count, string scope, string commands);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord: registering commands {Scope} failed: {Problem} The bot keeps running; slash commands may be missing or stale.")]
    private partial void LogFailed(string scope, string? problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord: registering commands {Scope} failed; the bot keeps running")]
    private partial void LogCrashed(Exception ex, string scope);
}
