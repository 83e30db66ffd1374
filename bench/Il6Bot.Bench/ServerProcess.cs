using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Il6Bot.Bench;

/// <summary>
/// A server under test in its own process, started as <c>taskset -c CORE dotnet X.dll ...</c>, or
/// <c>taskset -c CORE path/Il6Bot ...</c> for the native build (taskset execs, so the pid is the server's).
/// CPU time and peak RSS come from /proc/PID.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, IPEndPoint endPoint, long spawnTimestamp)
    {
        _process = process;
        _log = log;
        EndPoint = endPoint;
        SpawnTimestamp = spawnTimestamp;
    }

    /// <summary>Environment variables with this prefix are passed, without it, to every server process.</summary>
    public const string ServerEnvPrefix = "IL6BENCH_SERVER_";

    public IPEndPoint EndPoint { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> taken immediately before the process was spawned.</summary>
    public long SpawnTimestamp { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static ServerProcess Start(string core, string dll, IEnumerable<string> args, int port, string logPath)
    {
        var info = new ProcessStartInfo("taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(core);

        // A managed build runs on dotnet; the native one (no .dll) is the program itself.
        if (dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Same environment for the bot and the baseline: nothing tuned for either.
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");

        // IL6BENCH_SERVER_X=v in the bench's environment becomes X=v for every server (bot and baseline alike),
        // e.g. IL6BENCH_SERVER_DOTNET_PerfMapEnabled=1 to profile the servers without profiling the client.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (name.StartsWith(ServerEnvPrefix, StringComparison.Ordinal) && name.Length > ServerEnvPrefix.Length)
            {
                info.Environment[name[ServerEnvPrefix.Length..]] = value;
            }
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var spawned = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start taskset");
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, log, new IPEndPoint(IPAddress.Loopback, port), spawned);
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Polls with <paramref name="probe"/> until it is answered correctly; returns ms since spawn.</summary>
    public async Task<double> WaitForFirstAnswerAsync(PreparedRequest probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"server exited with code {_process.ExitCode} before answering (see its log)");
            }

            var answer = await LoadGenerator.TryOnceAsync(EndPoint, probe.Bytes, cancellationToken);
            if (answer is { } a)
            {
                if (probe.Check.IsMatch(a.Status, a.Body))
                {
                    return Stopwatch.GetElapsedTime(SpawnTimestamp).TotalMilliseconds;
                }

                last = $"{a.Status} {LoadGenerator.Truncate(a.Body)}";
                if (a.Status is not (404 or 503))
                {
                    throw new InvalidOperationException($"first answer was wrong: {last}; expected {probe.Check.Describe}");
                }
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new TimeoutException($"no correct answer within {timeout.TotalSeconds} s (last: {last})");
    }

    /// <summary>utime + stime of the process so far.</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": index 0 is field 3 (state); utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>Peak resident set size (VmHWM) in MB.</summary>
    public double PeakRssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>USER_HZ; 100 on every Linux this runs on, read once from getconf to be sure.</summary>
    private static readonly int ClockTicksPerSecond = ReadClockTicks();

    private static int ReadClockTicks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return int.Parse(text, CultureInfo.InvariantCulture);
        }
        catch
        {
            return 100;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                if (_process.WaitForExit(5000))
                {
                    _process.WaitForExit(); // drains the redirected output into the log
                }
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
