using System.Diagnostics;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// The built bot (<c>dotnet Il6Bot.dll</c>) as a child process, for what only a process shows: its exit code
/// and exactly what it prints. Console mode is off so stderr carries only what the bot itself writes there.
/// </summary>
public static class BotProcess
{
    private static readonly string[] BotSettingPrefixes =
        ["Discord__", "Slack__", "Storage__", "Nudges__", "Content__", "Console__", "Logging__", "NOTIFY_SOCKET", "INVOCATION_ID", "ASPNETCORE_URLS", "DOTNET_URLS", "URLS"];

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Runs the bot until it exits by itself (it is killed after a minute).</summary>
    public static async Task<Result> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var start = StartInfo(args, environment);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>How <see cref="RunAsync"/> and <see cref="RunningBotProcess"/> start the bot: the built dll,
    /// the checkout's content, console off, and only the bot settings the test gives.</summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Il6Bot.dll"));
        foreach (var arg in new[] { "--contentRoot", RepoPaths.Root, "--Console:Enabled=false" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test sets: no platform credentials or bot settings from the machine running the tests.
        foreach (var key in start.Environment.Keys.Where(IsBotSetting).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static bool IsBotSetting(string key) =>
        BotSettingPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
