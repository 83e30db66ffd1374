using Il6Bot.Content;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Il6Bot.Hosting;

/// <summary>
/// How the bot reports a host that could not start: one line on stderr naming the setting, the file:line or
/// the address to fix, no stack trace, exit code 1. Nothing has run by then, because background work waits
/// for the started host (<see cref="HostStartup"/>).
/// </summary>
public static class StartupFailureReport
{
    public const int ExitCode = 1;

    private const string Prefix = "Il6Bot did not start: ";

    /// <summary>
    /// The host logs a failed start as an error with the whole stack trace, which would bury the one line
    /// this report prints. A background service crashing later is still logged: that entry is Critical.
    /// </summary>
    public static void LeaveToProgram(WebApplicationBuilder builder) =>
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

    /// <summary>Writes the report and returns the process exit code.</summary>
    public static int Write(Exception failure, TextWriter error)
    {
        error.WriteLine(Prefix + OneLine(Describe(failure)));
        return ExitCode;
    }

    /// <summary>The known failures' own messages already name what to fix; anything else gets its type too.</summary>
    public static string Describe(Exception failure) => failure switch
    {
        OptionsValidationException or ContentException or StartupException => failure.Message,
        AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Describe)),
        IOException { InnerException: AddressInUseException } =>
            failure.Message.TrimEnd('.') + ". Another process holds that port: stop it, or set Urls to a free one.",
        OperationCanceledException => "stopped (Ctrl-C or SIGTERM) while starting.",
        _ => $"{failure.GetType().Name}: {failure.Message}",
    };

    // A message quoting a file or a server can carry line breaks; the report stays one line.
    private static string OneLine(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
}
