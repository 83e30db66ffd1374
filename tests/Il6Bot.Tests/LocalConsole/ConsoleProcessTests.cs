using System.Diagnostics;
using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.LocalConsole;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>
/// The bot as a user starts it without credentials: a real process, commands on stdin, replies on stdout,
/// clean exit at end of input.
/// </summary>
public sealed class ConsoleProcessTests
{
    [Fact]
    public async Task Commands_on_stdin_are_answered_and_end_of_input_exits_cleanly()
    {
        var dataDir = Directory.CreateTempSubdirectory("il6bot-console-").FullName;
        var (exitCode, stdout, stderr) = await RunBotAsync(
            ["/il6 how", "/il6 inflamation", "/il6", "/bogus", "/nudge schedule #general mon 09:00 Europe/Berlin", "/nudge list"],
            dataDir);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr:\n{stderr}");
        Assert.Contains("How Can You Reap the Rewards of Interleukin-6?", stdout, StringComparison.Ordinal);
        Assert.Contains("two to three workouts a week", stdout, StringComparison.Ordinal);
        Assert.Contains("Fights inflammation and Chronic Diseases", stdout, StringComparison.Ordinal);
        Assert.Contains("Unknown command /bogus", stdout, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_made_in_the_console_survives_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("il6bot-console-").FullName;
        var first = await RunBotAsync(["/nudge schedule #general fri 18:30 UTC"], dataDir);
        Assert.True(first.ExitCode == 0, first.Stderr);

        var second = await RunBotAsync(["/nudge list"], dataDir);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("18:30", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("general", second.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_signal_with_the_input_still_open_exits_cleanly_at_once_and_the_last_counts_are_written()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-console-").FullName;
        try
        {
            await using var bot = await ConsoleBotProcess.StartAsync(dir, asUser: null, TestContext.Current.CancellationToken);
            await bot.SendAsync("/il6 benefits", TestContext.Current.CancellationToken);

            var exitCode = await bot.TerminateAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

            Assert.True(exitCode == 0, $"exit code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none within 5 s"}; log:\n{bot.Log}");
            var stderr = await bot.StderrToEndAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain("cut short", stderr, StringComparison.Ordinal);
            await using var store = new SqliteNudgeStore($"Data Source={bot.DatabasePath}", TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance);
            var totals = await store.ReadAsync(new InsightsTenant(Platform.Console, ConsoleRepl.TenantId), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), TestContext.Current.CancellationToken);
            Assert.Equal(1, totals.Of(InsightsMetric.SectionByCommand, "benefits"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunBotAsync(IEnumerable<string> lines, string dataDir)
    {
        var botDll = Path.Combine(AppContext.BaseDirectory, "Il6Bot.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     botDll, "--contentRoot", RepoPaths.Root, "--urls", "http://127.0.0.1:0",
                     $"--Storage:ConnectionString=Data Source={Path.Combine(dataDir, "bot.db")}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // No credentials in the environment either: this is the "just cloned it" experience.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Discord__", StringComparison.Ordinal) || k.StartsWith("Slack__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        foreach (var line in lines)
        {
            await process.StandardInput.WriteLineAsync(line);
        }

        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
