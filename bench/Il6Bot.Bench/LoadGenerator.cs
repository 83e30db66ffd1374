using System.Diagnostics;
using System.Net;
using System.Text;

namespace Il6Bot.Bench;

public sealed record LoadResult(
    int Requests,
    int Failures,
    double Seconds,
    double[] LatenciesMs,
    TimeSpan ClientCpu,
    IReadOnlyList<string> FailureSamples,
    double MeanResponseBytes)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100.0 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    /// <summary>Share of one core the load generator used while measuring (near 100 % = client-bound).</summary>
    public double ClientCpuShare => ClientCpu.TotalSeconds / Seconds;

    /// <summary>Several windows against one server as one result: their requests, time and CPU add up.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> windows)
    {
        var latencies = windows.SelectMany(w => w.LatenciesMs).ToArray();
        Array.Sort(latencies);
        var requests = windows.Sum(w => w.Requests);
        return new LoadResult(
            requests,
            windows.Sum(w => w.Failures),
            windows.Sum(w => w.Seconds),
            latencies,
            TimeSpan.FromTicks(windows.Sum(w => w.ClientCpu.Ticks)),
            [.. windows.SelectMany(w => w.FailureSamples).Take(5)],
            requests == 0 ? 0 : windows.Sum(w => w.MeanResponseBytes * w.Requests) / requests);
    }
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> keep-alive connections, each sending the next unsent prepared request as
/// soon as its previous answer is in. Every answer is checked; latencies are per request.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(IPEndPoint target, PreparedRequest[] requests, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new double[requests.Length];
        var next = -1;
        var failures = 0;
        long responseBytes = 0;
        var samples = new List<string>();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            using var connection = new RawHttpConnection(target);
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Length)
            {
                var request = requests[i];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var (status, body) = await connection.SendAsync(request.Bytes, cancellationToken);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Interlocked.Add(ref responseBytes, body.Length);
                    if (!request.Check.IsMatch(status, body.Span))
                    {
                        Fail($"#{i}: got {status} {Truncate(body.Span)}; expected {request.Check.Describe}");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Fail($"#{i}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        void Fail(string message)
        {
            Interlocked.Increment(ref failures);
            lock (samples)
            {
                if (samples.Count < 5)
                {
                    samples.Add(message);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        var seconds = wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Array.Sort(latencies);
        return new LoadResult(requests.Length, failures, seconds, latencies, cpu, samples, (double)responseBytes / requests.Length);
    }

    /// <summary>One request on a fresh connection; null on any connection error (server not up yet).</summary>
    public static async Task<(int Status, byte[] Body)?> TryOnceAsync(IPEndPoint target, byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = new RawHttpConnection(target);
            var (status, body) = await connection.SendAsync(request, cancellationToken);
            return (status, body.ToArray());
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            return null;
        }
    }

    public static string Truncate(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 160)]);
        return body.Length > 160 ? text + "…" : text;
    }
}
