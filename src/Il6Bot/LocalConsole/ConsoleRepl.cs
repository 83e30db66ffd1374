using Il6Bot.Commands;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.LocalConsole;

/// <summary>
/// The local console: reads slash commands from stdin and prints replies as plain text. Uses the same
/// command engine as Discord and Slack; the console user is a moderator of the "local" tenant. End of input
/// stops the host cleanly.
/// </summary>
public sealed partial class ConsoleRepl(
    ConsoleIO io,
    CommandEngine engine,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleRepl> logger) : BackgroundService
{
    public const string TenantId = "local";
    public const string UserId = "console";
    public const string DefaultChannel = "console";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait until the whole host (HTTP server included) has started: stopping at end of input while
        // Kestrel is still binding would turn a clean exit into a start-up failure.
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken))
        {
            return;
        }

        io.WriteBlock("Il6Bot local console. Type /il6 [topic], /il6 help or /nudge ...; end input (Ctrl-D) to quit.");
        while (!stoppingToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await io.ReadLineAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (line is null)
            {
                LogEndOfInput();
                lifetime.StopApplication();
                break;
            }

            var reply = await HandleLineAsync(line, stoppingToken);
            if (reply is not null)
            {
                io.WriteBlock(ConsoleReplyText.Render(reply));
            }
        }
    }

    /// <summary>One console line to a reply; null for a blank line.</summary>
    internal async Task<Reply?> HandleLineAsync(string line, CancellationToken cancellationToken)
    {
        line = line.Trim();
        if (line.Length == 0)
        {
            return null;
        }

        if (line is "help" or "?")
        {
            line = "/il6 help";
        }

        if (line[0] != '/')
        {
            return Reply.EphemeralText("Commands start with a slash: `/il6 benefits`, `/nudge list`.");
        }

        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var command = space < 0 ? line[1..] : line[1..space];
        var text = space < 0 ? string.Empty : line[(space + 1)..];
        var spec = engine.FindSpec(command);
        if (spec is null)
        {
            var known = string.Join(", ", engine.Specs.Select(s => $"/{s.Name}"));
            return Reply.EphemeralText($"Unknown command {EchoedInput.Code("/" + command)}. Try {known}.");
        }

        var parsed = CommandTextParser.Parse(spec, text, ReadChannel, ReadMention);
        if (parsed.Error is not null)
        {
            return Reply.EphemeralText(parsed.Error);
        }

        var request = new CommandRequest(
            Platform.Console, TenantId, DefaultChannel, UserId, IsModerator: true, spec.Name, parsed.Subcommand, parsed.Options)
        {
            Transport = CommandTransport.Console,
        };
        return await engine.HandleAsync(request, cancellationToken);
    }

    // The console accepts any text as a channel name; the core checks it like any id.
    private static string? ReadChannel(string typed, out string? problem)
    {
        problem = null;
        return ConsoleChannelReference.Normalize(typed);
    }

    private static string? ReadMention(string typed, out string? problem)
    {
        problem = null;
        return ConsoleMentionReference.Normalize(typed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "End of console input; stopping")]
    private partial void LogEndOfInput();
}
