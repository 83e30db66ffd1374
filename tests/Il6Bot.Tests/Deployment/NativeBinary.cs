using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Il6Bot.Tests.Deployment;

/// <summary>
/// The published native binary (<c>dotnet publish src/Il6Bot -c Release -r linux-x64 -p:PublishAot=true</c>) as a
/// child process, the way an operator runs it: from a working directory of its own, with no <c>--contentRoot</c>
/// and an environment holding nothing of .NET. <c>.ci/run</c> publishes it and names it in
/// <see cref="PathVariable"/>; without that variable the tests that need it are skipped with instructions.
/// </summary>
public sealed partial class NativeBinary : IAsyncDisposable
{
    public const string PathVariable = "IL6BOT_NATIVE_BINARY";

    public const string SkipMessage =
        "Native binary smoke tests did not run: " + PathVariable + " is not set. Run `bash .ci/publish-native.sh` "
        + "and set " + PathVariable + " to the path it prints (.ci/run does both), then run dotnet test again.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static int _skipAnnounced;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pumps;

    private NativeBinary(Process process, string workDir)
    {
        _process = process;
        WorkDir = workDir;
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
    }

    /// <summary>The process's working directory, a fresh temporary folder that holds its database too.</summary>
    public string WorkDir { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int Pid => _process.Id;

    /// <summary>Everything the binary wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The binary's path, or a skip (with instructions, shown once per run) when none was published.</summary>
    public static string RequirePath()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            if (Interlocked.Exchange(ref _skipAnnounced, 1) == 0)
            {
                TestContext.Current.SendDiagnosticMessage(SkipMessage);
            }

            Assert.Skip(SkipMessage);
        }

        // Named but missing is a broken CI step, not a reason to skip.
        Assert.True(File.Exists(path), $"{PathVariable}={path}, but there is no file there.");
        return Path.GetFullPath(path);
    }

    /// <summary>Starts the binary on a free 127.0.0.1 port and waits until it says where it listens.</summary>
    public static async Task<NativeBinary> StartAsync(string binary, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var workDir = Directory.CreateTempSubdirectory("il6bot-native-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Nothing from the machine running the tests: no DOTNET_ROOT or dotnet on the PATH, no credentials.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = workDir;
        foreach (var arg in new[]
                 {
                     "--urls", "http://127.0.0.1:0",
                     "--Console:Enabled=false",
                     "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                     $"--Storage:ConnectionString=Data Source={Path.Combine(workDir, "il6bot.db")}",
                 }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        var bot = new NativeBinary(Process.Start(start)!, workDir);
        bot._process.StandardInput.Close();
        try
        {
            bot.BaseAddress = await bot._listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    /// <summary>Sends SIGTERM, as systemd and container runtimes stop a service.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The exit code, or null when the process has not exited within <paramref name="within"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(within, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }

        await _pumps;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task Pump(StreamReader reader) => Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (ListeningPattern().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        _listening.TrySetException(new InvalidOperationException($"The native binary exited before listening. Output:\n{Output}"));
    });

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();
}
