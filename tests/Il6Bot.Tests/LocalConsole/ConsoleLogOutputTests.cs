using System.Net;
using System.Net.Sockets;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>
/// Issue 12, logs: a newcomer's first console session, as a real process with the log settings a user gets.
/// stdout is the conversation; stderr has warnings and errors only; a port already taken costs HTTP, not the console.
/// </summary>
public sealed class ConsoleLogOutputTests
{
    private const string BenefitsTitle = "What Are the Benefits of Exercise-Induced Interleukin-6?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stdout_carries_only_the_conversation_and_no_info_line_reaches_either_stream()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-console-log-").FullName;
        try
        {
            await using var bot = await ConsoleBotProcess.StartAsync(dir, asUser: null, Ct, urls: "http://127.0.0.1:0");

            Assert.Contains(BenefitsTitle, await bot.SendAsync("/il6 benefits", Ct), StringComparison.Ordinal);
            Assert.Equal(0, await bot.StopAsync(Ct));

            var stderr = await bot.StderrToEndAsync(Ct);
            Assert.StartsWith("Il6Bot local console.", bot.Transcript, StringComparison.Ordinal);
            Assert.Empty(LogLines(bot.Transcript));
            Assert.DoesNotContain(LogLines(stderr), line => line.StartsWith("info:", StringComparison.Ordinal) || line.StartsWith("dbug:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task With_the_port_taken_the_console_still_answers_and_one_warning_names_the_port_and_Urls()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-console-port-").FullName;
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        try
        {
            await using var bot = await ConsoleBotProcess.StartAsync(dir, asUser: null, Ct, urls: $"http://127.0.0.1:{port}");

            Assert.Contains(BenefitsTitle, await bot.SendAsync("/il6 benefits", Ct), StringComparison.Ordinal);
            Assert.Equal(0, await bot.StopAsync(Ct));

            var stderr = await bot.StderrToEndAsync(Ct);
            var logLines = LogLines(stderr);
            var warning = Assert.Single(logLines);
            Assert.StartsWith("warn:", warning, StringComparison.Ordinal);
            var message = stderr[(stderr.IndexOf(warning, StringComparison.Ordinal) + warning.Length)..];
            Assert.Contains($"Port {port} is already in use", message, StringComparison.Ordinal);
            Assert.Contains("Urls", message, StringComparison.Ordinal);
            Assert.DoesNotContain("warn:", bot.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The first line of each console log entry ("info: Category[id]").</summary>
    private static List<string> LogLines(string text) =>
        text.Split('\n')
            .Where(l => l.Length > 5 && l[4] == ':' && l[..4] is "trce" or "dbug" or "info" or "warn" or "fail" or "crit")
            .ToList();
}
