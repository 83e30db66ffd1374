using System.Diagnostics;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// The built bot (<c>Il6Bot.dll</c>) as a child process in console mode, optionally as another user (through
/// <c>setpriv</c>): commands go to stdin, replies come from stdout, <c>/healthz</c> is asked over HTTP on
/// 127.0.0.1. For what an in-process host cannot do, such as a process whose file permissions are enforced
/// while the test process runs as root.
/// </summary>
public sealed class ConsoleBotProcess : IAsyncDisposable
{
    /// <summary>The unprivileged account (nobody) a root test process runs the bot as.</summary>
    public const int UnprivilegedId = 65534;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _transcript = new();
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _http = new();
    private int _markers;

    private ConsoleBotProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Where the bot serves HTTP (<c>/healthz</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the bot logged (console mode logs to stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Every line the bot wrote to stdout so far.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>The SQLite file the bot stores schedules in.</summary>
    public string DatabasePath { get; private set; } = null!;

    /// <summary>
    /// Starts the bot in <paramref name="workDir"/> (its own copy of the build output and the content root, and
    /// <c>data/il6bot.db</c>); with <paramref name="asUser"/> under that uid/gid via <c>setpriv</c>, owning the folder.
    /// The copy keeps the checkout's permissions out of it: a root checkout may sit where nobody cannot read.
    /// Without <paramref name="urls"/> it listens on a free port, found from the one info line let through for
    /// that; with them its log settings are the defaults a user gets and <see cref="BaseAddress"/> is taken as given.
    /// </summary>
    public static async Task<ConsoleBotProcess> StartAsync(string workDir, int? asUser, CancellationToken cancellationToken, string? urls = null)
    {
        var app = Path.Combine(workDir, "app");
        var root = Path.Combine(workDir, "root");
        var data = Path.Combine(workDir, "data");
        CopyFolder(AppContext.BaseDirectory, app);
        CopyFolder(RepoPaths.Content, Path.Combine(root, "content"));
        File.Copy(Path.Combine(RepoPaths.Root, "appsettings.json"), Path.Combine(root, "appsettings.json"));
        Directory.CreateDirectory(data);
        var command = new List<string>();
        if (asUser is { } id)
        {
            await RunAsync("chown", ["-R", $"{id}:{id}", workDir], cancellationToken);
            command.AddRange(["setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups"]);
        }

        command.AddRange([
            "dotnet", Path.Combine(app, "Il6Bot.dll"), "--console", "--contentRoot", root, "--urls", urls ?? "http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={Path.Combine(data, "il6bot.db")}",
        ]);
        if (urls is null)
        {
            command.Add("--Logging:Console:LogLevel:Microsoft.Hosting.Lifetime=Information");
        }

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        // The console user only: no platform credentials from the environment, and a home the bot's user can write.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Discord__", StringComparison.Ordinal) || k.StartsWith("Slack__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = workDir;
        start.Environment["DOTNET_CLI_HOME"] = workDir;

        var bot = new ConsoleBotProcess(Process.Start(start)!) { DatabasePath = Path.Combine(data, "il6bot.db") };
        bot.Pump();
        try
        {
            bot.BaseAddress = urls is null ? await bot._listening.Task.WaitAsync(Timeout, cancellationToken) : new Uri(urls);
            await bot.SendAsync("/il6 help", cancellationToken);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    /// <summary>Types <paramref name="line"/> into the console and returns the reply.</summary>
    public async Task<string> SendAsync(string line, CancellationToken cancellationToken)
    {
        // An unknown command after the real one marks where its reply ends (a reply may hold blank lines).
        var marker = $"/end-of-reply-{Interlocked.Increment(ref _markers)}";
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.WriteLineAsync(marker);
        await _process.StandardInput.FlushAsync(cancellationToken);
        var reply = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            while (true)
            {
                var output = await _stdout.Reader.ReadAsync(timeout.Token);
                if (output.Contains($"Unknown command {marker}.", StringComparison.Ordinal))
                {
                    return reply.ToString().Trim();
                }

                reply.AppendLine(output);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new InvalidOperationException($"No reply to {line} (so far: {reply}). Log:\n{Log}", ex);
        }
    }

    public async Task<(HttpStatusCode Status, string Body)> HealthAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "/healthz"), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>All the bot wrote to stderr, once it has exited and closed the stream.</summary>
    public async Task<string> StderrToEndAsync(CancellationToken cancellationToken)
    {
        await _stderrClosed.Task.WaitAsync(Timeout, cancellationToken);
        return Log;
    }

    /// <summary>Ends the console input, as Ctrl-D does, and returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the bot to stop with SIGTERM (what systemd and <c>kill</c> send; Ctrl+C's SIGINT takes the same path in the
    /// host) with the console input left open; returns the exit code, or null when it has not exited within
    /// <paramref name="within"/>. Not SIGINT itself: a test run started in the background by a non-interactive shell
    /// (as CI runners may) passes SIGINT on ignored, .NET leaves an inherited ignore in place, and the bot would never
    /// see it.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        await RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(within, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static async Task RunAsync(string program, string[] args, CancellationToken cancellationToken)
    {
        using var process = Process.Start(program, args);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}");
        }
    }

    private void Pump()
    {
        _ = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_transcript)
                {
                    _transcript.AppendLine(line);
                }

                _stdout.Writer.TryWrite(line);
            }

            _stdout.Writer.TryComplete();
        });
        _ = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }

                if (ListeningLine.Parse(line) is { } address)
                {
                    _listening.TrySetResult(address);
                }
            }

            _stderrClosed.TrySetResult();
            _listening.TrySetException(new InvalidOperationException($"The bot exited before listening. Log:\n{Log}"));
        });
    }
}
