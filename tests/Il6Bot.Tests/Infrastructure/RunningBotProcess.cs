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
        const string Marker = "Now listening on: ";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        while (true)
        {
            var output = Output;
            var at = output.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0 && output.IndexOf('\n', at) is var end and > 0)
            {
                return new Uri(output[(at + Marker.Length)..end].Trim());
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited before listening. Output:\n{output}");
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"The bot was not listening within {Timeout}. Output:\n{output}");
            }
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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
