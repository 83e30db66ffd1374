using System.Globalization;
using System.Text;
using Il6Bot.Commands;

namespace Il6Bot.Bench;

/// <summary>
/// The server builds side by side (issue 12): native (AOT), ReadyToRun and JIT. A cold-start pass before the
/// rounds, and a report section that puts each build's start, throughput and memory next to the JIT build's.
/// </summary>
public static partial class HttpBench
{
    /// <summary>
    /// One start of one build: ms from spawn to its first correct <c>/il6</c> answer, the CPU the process had used
    /// by then (which a busy machine does not inflate the way it does wall time), and its RSS then.
    /// </summary>
    private sealed record ColdStart(BotBuild Build, string Platform, double Ms, double CpuMs, double RssMb, string? Error);

    /// <summary>
    /// <paramref name="count"/> starts of every bot build among <paramref name="targets"/>, each alone on the server
    /// core, builds taking turns (the order rotated each time, so a slow spell of the machine falls on all of
    /// them), the probe alternating between Slack and Discord. The first start of each build on each platform is
    /// not counted: it reads the binary from disk and creates the SQLite file, which happen once per install; the
    /// counted ones are restarts, as a supervisor or an upgrade does them, with the file in place.
    /// </summary>
    private static async Task<List<ColdStart>> ColdStartsAsync(Target[] targets, RunSettings run, int count)
    {
        var builds = run.BotDll is null ? [] : targets.Where(t => t.IsBot).Select(t => t.Build).Distinct().ToArray();
        var samples = new List<ColdStart>();
        if (count <= 0 || builds.Length == 0)
        {
            return samples;
        }

        Console.Error.WriteLine($"il6bench http: cold starts, {count} per build × [{string.Join(", ", builds)}] (+2 uncounted each)");
        for (var i = -2; i < count; i++)
        {
            for (var b = 0; b < builds.Length; b++)
            {
                var build = builds[(b + Math.Max(i, 0)) % builds.Length];
                var platform = (i + 2) % 2 == 0 ? "discord" : "slack";
                var sample = await ColdStartAsync(AllTargets.First(t => t.IsBot && t.Build == build && t.Platform == platform), i, run);
                Console.Error.WriteLine(sample.Error is null
                    ? FormattableString.Invariant($"  cold start {i + 1,2} {build,-10} {platform,-7} first answer {sample.Ms,6:F0} ms  CPU {sample.CpuMs,5:F0} ms  RSS {sample.RssMb:F0} MB{(i < 0 ? "  (not counted)" : "")}")
                    : $"  cold start {i + 1,2} {build,-10} {platform,-7} FAILED: {sample.Error}");
                if (i >= 0 || sample.Error is not null)
                {
                    samples.Add(sample);
                }
            }
        }

        return samples;
    }

    private static async Task<ColdStart> ColdStartAsync(Target target, int index, RunSettings run)
    {
        var port = ServerProcess.FreePort();
        var log = Path.Combine(run.Work, $"cold-{target.Name}-{index + 1}.log");
        var (binary, args) = ServerCommand(target, 0, run, port);
        var probe = Fresh(target, run.Keys, 1)[0];
        ColdStart sample;
        using (var server = ServerProcess.Start(run.Core, binary, args, port, log))
        {
            try
            {
                var ms = await server.WaitForFirstAnswerAsync(probe, TimeSpan.FromSeconds(30), CancellationToken.None);
                sample = new ColdStart(target.Build, target.Platform, ms, server.CpuTime().TotalMilliseconds, server.PeakRssMb(), null);
            }
            catch (Exception ex)
            {
                sample = new ColdStart(target.Build, target.Platform, double.NaN, double.NaN, double.NaN, $"{ex.Message} (log: {log})");
            }
        }

        // Killed above, not stopped; the pause keeps the next start off this one's teardown.
        await Task.Delay(TimeSpan.FromSeconds(1));
        return sample;
    }

    private static readonly (string Platform, string Label)[] Platforms = [("slack", "Slack"), ("discord", "Discord")];

    /// <summary>Empty unless the run measured a native, JIT or ReadyToRun bot beside another build.</summary>
    private static string BuildsReport(List<Measurement> results, Target[] targets, List<ColdStart> coldStarts, int rounds)
    {
        BotBuild[] order = [BotBuild.Native, BotBuild.ReadyToRun, BotBuild.Jit];
        var builds = order.Where(b => targets.Any(t => t.IsBot && t.Build == b) || coldStarts.Any(c => c.Build == b)).ToArray();
        if (!builds.Contains(BotBuild.Native) && !builds.Contains(BotBuild.Jit))
        {
            return string.Empty;
        }

        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("Server builds (native = Native AOT; ReadyToRun and JIT = framework-dependent, with and without precompiled code). Start: spawn → first correct `/il6` answer, each start alone on the server core, builds taking turns, the probe alternating Slack and Discord; RSS then. Load: the targets above; peak RSS = VmHWM at the end of the round, start-up, warm-up and load included (max of the build's Slack and Discord processes).");
        sb.AppendLine();
        sb.AppendLine("| build | start → first answer ms, median [min–max] (n) | CPU to first answer ms | RSS at first answer MB | Slack req/s | Discord req/s | Slack server CPU µs/req | Discord server CPU µs/req | peak RSS after the load MB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var build in builds)
        {
            var starts = coldStarts.Where(c => c.Build == build && c.Error is null).ToList();
            var loads = Platforms.Select(p => results.Where(r => r.Load is not null && TargetOf(targets, r)?.Build == build && TargetOf(targets, r)?.Platform == p.Platform).ToList()).ToArray();
            var all = loads.SelectMany(l => l).ToList();
            sb.AppendLine(ci, $"| {build} | {(starts.Count == 0 ? "—" : FormattableString.Invariant($"{Median(starts.Select(s => s.Ms)):F0} [{starts.Min(s => s.Ms):F0}–{starts.Max(s => s.Ms):F0}] ({starts.Count})"))} | {(starts.Count == 0 ? "—" : Median(starts.Select(s => s.CpuMs)).ToString("F0", ci))} | {(starts.Count == 0 ? "—" : Median(starts.Select(s => s.RssMb)).ToString("F0", ci))} | {Cell(loads[0], m => m.Load!.RequestsPerSecond)} | {Cell(loads[1], m => m.Load!.RequestsPerSecond)} | {Cell(loads[0], m => m.ServerCpuUsPerRequest)} | {Cell(loads[1], m => m.ServerCpuUsPerRequest)} | {(all.Count == 0 ? "—" : all.Max(m => m.PeakRssMb).ToString("F0", ci))} |");
        }

        sb.AppendLine();
        sb.AppendLine("| ratio | measured | target | met? |");
        sb.AppendLine("|---|---:|---|:---:|");
        StartRatio(sb, coldStarts, "start → first answer", s => s.Ms, BotBuild.Native, BotBuild.Jit, "≤ 0.30", r => r <= 0.30);
        StartRatio(sb, coldStarts, "start → first answer", s => s.Ms, BotBuild.Native, BotBuild.ReadyToRun, "—", null);
        StartRatio(sb, coldStarts, "start → first answer", s => s.Ms, BotBuild.ReadyToRun, BotBuild.Jit, "—", null);
        StartRatio(sb, coldStarts, "CPU to first answer", s => s.CpuMs, BotBuild.Native, BotBuild.Jit, "—", null);
        foreach (var (platform, label) in Platforms)
        {
            LoadRatio(sb, results, targets, rounds, platform, $"{label} /il6 native ÷ JIT, req/s", BotBuild.Native, BotBuild.Jit, m => m.Load!.RequestsPerSecond, "≥ 0.90", r => r >= 0.90);
            LoadRatio(sb, results, targets, rounds, platform, $"{label} /il6 native ÷ ReadyToRun, req/s", BotBuild.Native, BotBuild.ReadyToRun, m => m.Load!.RequestsPerSecond, "—", null);
            LoadRatio(sb, results, targets, rounds, platform, $"{label} /il6 native ÷ JIT, by server CPU per request", BotBuild.Native, BotBuild.Jit, m => 1 / m.ServerCpuUsPerRequest, "—", null);
        }

        var native = results.Where(r => r.Load is not null && TargetOf(targets, r)?.Build == BotBuild.Native).ToList();
        if (native.Count > 0)
        {
            var rss = native.Max(m => m.PeakRssMb);
            sb.AppendLine(ci, $"| native peak RSS after the load, MB | {rss:F0} | ≤ 75 | {(rss <= 75 ? "yes" : "**no**")} |");
        }

        return sb.ToString();
    }

    private static Target? TargetOf(Target[] targets, Measurement m) => targets.FirstOrDefault(t => t.Name == m.Target);

    private static string Cell(List<Measurement> runs, Func<Measurement, double> value) =>
        runs.Count == 0 ? "—" : Median(runs.Select(value)).ToString("F0", CultureInfo.InvariantCulture);

    private static void StartRatio(
        StringBuilder sb, List<ColdStart> starts, string label, Func<ColdStart, double> value, BotBuild num, BotBuild den, string target, Func<double, bool>? pass)
    {
        var a = starts.Where(s => s.Build == num && s.Error is null).Select(value).ToList();
        var b = starts.Where(s => s.Build == den && s.Error is null).Select(value).ToList();
        if (a.Count > 0 && b.Count > 0)
        {
            var ratio = Median(a) / Median(b);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {label}, {num} ÷ {den} (medians) | {ratio:F2} | {target} | {Verdict(ratio, pass)} |");
        }
    }

    /// <summary>Within each round (the builds took turns in it), then the median [min–max] over rounds.</summary>
    private static void LoadRatio(
        StringBuilder sb, List<Measurement> results, Target[] targets, int rounds, string platform, string label,
        BotBuild num, BotBuild den, Func<Measurement, double> value, string target, Func<double, bool>? pass)
    {
        var per = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var a = results.FirstOrDefault(r => r.Round == round && r.Load is not null && TargetOf(targets, r) is { } t && t.Build == num && t.Platform == platform);
            var b = results.FirstOrDefault(r => r.Round == round && r.Load is not null && TargetOf(targets, r) is { } t && t.Build == den && t.Platform == platform);
            if (a is not null && b is not null && value(a) / value(b) is var ratio && !double.IsNaN(ratio))
            {
                per.Add(ratio);
            }
        }

        if (per.Count > 0)
        {
            var median = Median(per);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {median:F2} [{per.Min():F2}–{per.Max():F2}] | {target} | {Verdict(median, pass)} |");
        }
    }

    private static string Verdict(double ratio, Func<double, bool>? pass) => pass is null ? "—" : pass(ratio) ? "yes" : "**no**";
}
