using System.Diagnostics;
using System.Text;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// The built bot as a child process that keeps running (see <see cref="BotProcess"/> for one that exits by
/// itself), for what a supervisor sees: signals in, notifications and the exit code out.
/// </summary>
public sealed class RunningBotProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningBotProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the bot printed so far, for failure messages.</summary>
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

    public static RunningBotProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var bot = new RunningBotProcess(Process.Start(BotProcess.StartInfo(args, environment))!);
        bot._process.OutputDataReceived += (_, line) => bot.Append(line.Data);
        bot._process.ErrorDataReceived += (_, line) => bot.Append(line.Data);
        bot._process.BeginOutputReadLine();
        bot._process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>The bot's process id, for what only <c>/proc</c> shows (what it has mapped).</summary>
    public int Id => _process.Id;

    /// <summary>Waits for Kestrel's <c>Now listening on:</c> line (start-up is over) and returns that address.</summary>
    public async Task<Uri> ListeningAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _listening.Task.WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The bot was not listening within {Timeout}. Output:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM, as systemd's stop does, and returns the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
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
    }

    /// <summary>A line of stdout or stderr; null when that stream has closed (the bot has exited).</summary>
    private void Append(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException($"The bot exited before listening. Output:\n{Output}"));
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine.Parse(line) is { } address)
        {
            _listening.TrySetResult(address);
        }
    }
}
