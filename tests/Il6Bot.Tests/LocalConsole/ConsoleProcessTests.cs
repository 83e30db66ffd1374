using System.Diagnostics;
using Il6Bot.Tests.Infrastructure;

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
