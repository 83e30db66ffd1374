using System.Globalization;
using System.Text;

namespace Il6Bot.Bench;

/// <summary>
/// Orchestrates the HTTP load benchmark. This process is the load generator (the script pins it to core 1);
/// each target server is a fresh process pinned to core 0, started the same way, one after the other.
/// Every round runs all targets; ratios are computed within a round and the median over rounds is reported.
/// </summary>
public static class HttpBench
{
    private sealed record Target(string Name, bool IsBot, string Platform, string Path, string Description);

    private sealed record Measurement(
        string Target,
        int Round,
        LoadResult? Load,
        double PeakRssMb,
        double ServerCpuUsPerRequest,
        double? StartupMs,
        string? Error,
        IReadOnlyList<double>? WarmupRates = null);

    private static readonly Target[] AllTargets =
    [
        new("ceiling", false, "ceiling", "/ceiling", "bare Kestrel endpoint, constant answer"),
        new("slack-floor", false, "slack", "/floor/slack", "read body + HMAC v0 verify + fixed bytes"),
        new("slack-floor-sized", false, "slack", "/floor/slack/sized", $"slack-floor answering {Requests.SlackAnswerBytes} fixed bytes"),
        new("slack-bot", true, "slack", "/slack/commands", "Il6Bot `/il6 <topic>` (Slack)"),
        new("discord-floor", false, "discord", "/floor/discord", "read body + Ed25519 verify + fixed bytes"),
        new("discord-floor-sized", false, "discord", "/floor/discord/sized", $"discord-floor answering {Requests.DiscordAnswerBytes} fixed bytes"),
        new("discord-bot", true, "discord", "/discord/interactions", "Il6Bot `/il6 topic:<topic>` (Discord)"),
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var repo = Path.GetFullPath(options.Get("repo", Directory.GetCurrentDirectory()));
        var requests = options.Int("requests", 20_000);
        var warmup = options.Int("warmup", 10_000);
        var warmupSeconds = options.Int("warmup-seconds", 60);
        var concurrency = options.Int("concurrency", 16);
        var rounds = options.Int("rounds", 3);
        var serverCore = options.Get("server-core", "0");
        var only = options.Get("targets")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var targets = only is null ? AllTargets : [.. AllTargets.Where(t => only.Contains(t.Name, StringComparer.OrdinalIgnoreCase))];
        var botDll = Path.GetFullPath(options.Get("bot-dll", Path.Combine(repo, "src/Il6Bot/bin/Release/net10.0/Il6Bot.dll")));
        var benchDll = typeof(HttpBench).Assembly.Location;
        var work = Directory.CreateTempSubdirectory("il6bench-").FullName;
        var output = options.Get("out");
        var botHost = options.Get("bot-host", "dll");

        using var keys = new BenchKeys();
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var started = DateTimeOffset.UtcNow;
        Console.Error.WriteLine($"il6bench http: {rounds} round(s) × [{string.Join(", ", targets.Select(t => t.Name))}], N={requests}, warm-up ≥ {warmupSeconds} s cycling {warmup} requests, concurrency={concurrency}; logs in {work}");

        var results = new List<Measurement>();
        var seed = 0;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var target in targets)
            {
                var m = await MeasureAsync(target, round, keys, repo, botHost == "bench" ? null : botDll, benchDll, serverCore, work, requests, warmup, warmupSeconds, concurrency, seed);
                seed += requests + warmup + 10;
                results.Add(m);
                Console.Error.WriteLine(m.Error is null
                    ? FormattableString.Invariant($"  round {round} {target.Name,-14} {m.Load!.RequestsPerSecond,9:F0} req/s  p50 {m.Load.Percentile(50):F2} ms  p99 {m.Load.Percentile(99):F2} ms  RSS {m.PeakRssMb:F0} MB  {m.ServerCpuUsPerRequest:F0} µs/req  client CPU {m.Load.ClientCpuShare:P0}  body {m.Load.MeanResponseBytes:F0} B  failures {m.Load.Failures}{(m.StartupMs is { } s ? $"  first answer {s:F0} ms" : "")}")
                    : $"  round {round} {target.Name,-14} FAILED: {m.Error}");
                if (m.WarmupRates is { Count: > 0 } passes)
                {
                    Console.Error.WriteLine("      warm-up req/s per pass: " + string.Join(" ", passes.Select(r => r.ToString("F0", CultureInfo.InvariantCulture))));
                }

                if (m.Load is { FailureSamples.Count: > 0 } l)
                {
                    foreach (var sample in l.FailureSamples)
                    {
                        Console.Error.WriteLine("      " + sample);
                    }
                }
            }
        }

        var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
        var setup = new RunSetup(requests, warmup, warmupSeconds, concurrency, rounds, options.Get("commit"), botHost == "bench" ? "Il6Bot.Bench bot" : botDll);
        var report = Report(results, targets, started, loadBefore, loadAfter, setup);
        if (botHost == "bench")
        {
            report = "> **Diagnostic run (`--bot-host bench`)**: every target, the ceiling and floors included, ran on the bot's own host (`Il6Bot.Bench bot`: `Il6BotApp.Build` plus the baseline endpoints), so baseline ÷ this is the host's own overhead.\n\n" + report;
        }

        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        var failed = results.Any(r => r.Error is not null || r.Load?.Failures > 0);
        return failed ? 1 : 0;
    }

    private static async Task<Measurement> MeasureAsync(
        Target target, int round, BenchKeys keys, string repo, string? botDll, string benchDll, string core, string work,
        int requests, int warmup, int warmupSeconds, int concurrency, int seed)
    {
        var port = ServerProcess.FreePort();
        var log = Path.Combine(work, $"{target.Name}-r{round}.log");
        string[] args;
        string dll;
        if (target.IsBot && botDll is not null && !File.Exists(botDll))
        {
            return new Measurement(target.Name, round, null, double.NaN, double.NaN, null, $"{botDll} not built");
        }

        // botDll null (--bot-host bench): every target, bot and baselines alike, runs on the bot's own host.
        if (target.IsBot || botDll is null)
        {
            dll = botDll ?? benchDll;
            var db = Path.Combine(work, $"b-{target.Name}-r{round}.db");
            args =
            [
                .. botDll is null ? new[] { "bot" } : [],
                "--contentRoot", repo,
                "--urls", $"http://127.0.0.1:{port}",
                "--Console:Enabled=false",
                $"--Discord:PublicKey={keys.DiscordPublicKeyHex}",
                $"--Slack:SigningSecret={keys.SlackSigningSecret}",
                "--Logging:LogLevel:Default=Warning",
                $"--Storage:ConnectionString=Data Source={db}",
            ];
        }
        else
        {
            dll = benchDll;
            args =
            [
                "ceiling",
                "--urls", $"http://127.0.0.1:{port}",
                "--Logging:LogLevel:Default=Warning",
                $"--Discord:PublicKey={keys.DiscordPublicKeyHex}",
                $"--Slack:SigningSecret={keys.SlackSigningSecret}",
            ];
        }

        var all = Build(target, keys, requests + warmup + 1, seed);
        var probe = all[0];
        var warm = all[1..(warmup + 1)];
        var measured = all[(warmup + 1)..];

        using var server = ServerProcess.Start(core, dll, args, port, log);
        try
        {
            var startup = await server.WaitForFirstAnswerAsync(probe, TimeSpan.FromSeconds(30), CancellationToken.None);
            var warmupRates = await WarmUpAsync(server, warm, concurrency, TimeSpan.FromSeconds(warmupSeconds));

            var cpuBefore = server.CpuTime();
            var load = await LoadGenerator.RunAsync(server.EndPoint, measured, concurrency, CancellationToken.None);
            var cpu = server.CpuTime() - cpuBefore;
            var rss = server.PeakRssMb();
            if (server.HasExited)
            {
                return new Measurement(target.Name, round, load, rss, double.NaN, startup, "server exited during the run");
            }

            return new Measurement(target.Name, round, load, rss, cpu.TotalMicroseconds / measured.Length, target.IsBot ? startup : null, null, warmupRates);
        }
        catch (Exception ex)
        {
            return new Measurement(target.Name, round, null, double.NaN, double.NaN, null, $"{ex.Message} (log: {log})");
        }
    }

    /// <summary>
    /// Load at the same concurrency, cycling through <paramref name="pool"/>, until <paramref name="minimum"/> has
    /// passed. Time-based on purpose: on one core the runtime's tiered JIT takes tens of seconds of full load to move
    /// the hot paths from tier 0 to optimized code (it compiles in the background, competing with the requests), so a
    /// fixed request count leaves each target at a different point of that curve and the ratios compare JIT states,
    /// not request paths. Every target gets the same time. Returns req/s per pass, to show the plateau.
    /// </summary>
    private static async Task<List<double>> WarmUpAsync(ServerProcess server, PreparedRequest[] pool, int concurrency, TimeSpan minimum)
    {
        var rates = new List<double>();
        if (pool.Length == 0)
        {
            return rates;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            var pass = await LoadGenerator.RunAsync(server.EndPoint, pool, concurrency, CancellationToken.None);
            if (pass.Failures > 0)
            {
                throw new InvalidOperationException($"{pass.Failures} wrong answer(s) during warm-up, e.g. {pass.FailureSamples[0]}");
            }

            rates.Add(pass.RequestsPerSecond);
        }
        while (clock.Elapsed < minimum && !server.HasExited);

        return rates;
    }

    private static PreparedRequest[] Build(Target target, BenchKeys keys, int count, int seed) => target.Platform switch
    {
        "ceiling" => Requests.Ceiling(keys, count, seed),
        "slack" => Requests.Slack(keys, target.Path, count, seed, checkBot: target.IsBot),
        "discord" => Requests.Discord(keys, target.Path, count, seed, checkBot: target.IsBot),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string WarmupCurve(List<Measurement> runs)
    {
        var curves = runs.Where(m => m.WarmupRates is { Count: > 0 }).Select(m => m.WarmupRates!).ToList();
        return curves.Count == 0
            ? "—"
            : FormattableString.Invariant($"{Median(curves.Select(c => c[0])):F0} → {Median(curves.Select(c => c[^1])):F0}");
    }

    private sealed record RunSetup(int Requests, int WarmupPool, int WarmupSeconds, int Concurrency, int Rounds, string? Commit, string Bot);

    private static string Report(
        List<Measurement> results, Target[] targets, DateTimeOffset started, string loadBefore, string loadAfter, RunSetup setup)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"### HTTP load — {started:yyyy-MM-dd HH:mm} UTC{(setup.Commit is null ? "" : $", commit {setup.Commit}")}");
        sb.AppendLine();
        sb.AppendLine(ci, $"Server pinned to core 0, load generator to core 1; {Environment.ProcessorCount} core(s) visible to the load generator, .NET {Environment.Version}.");
        sb.AppendLine(ci, $"N = {setup.Requests} distinct signed requests per target, measured after at least {setup.WarmupSeconds} s of warm-up load (cycling {setup.WarmupPool} other signed requests), concurrency {setup.Concurrency}, {setup.Rounds} round(s); every server process is fresh.");
        sb.AppendLine(ci, $"Bot: `{setup.Bot}`.");
        sb.AppendLine(ci, $"Load average before: `{loadBefore}`, after: `{loadAfter}`.");
        sb.AppendLine();
        sb.AppendLine("Per target (median over rounds; RSS is the max):");
        sb.AppendLine();
        sb.AppendLine("| target | what | req/s | p50 ms | p99 ms | peak RSS MB | server CPU µs/req | server core busy | client CPU | mean answer bytes | warm-up req/s, first → last pass | failed/total |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var target in targets)
        {
            var ms = results.Where(r => r.Target == target.Name).ToList();
            var ok = ms.Where(m => m.Load is not null).ToList();
            if (ok.Count == 0)
            {
                sb.AppendLine(ci, $"| {target.Name} | {target.Description} | — | — | — | — | — | — | — | — | — | {ms.FirstOrDefault()?.Error} |");
                continue;
            }

            sb.AppendLine(ci, $"| {target.Name} | {target.Description} | {Median(ok.Select(m => m.Load!.RequestsPerSecond)):F0} | {Median(ok.Select(m => m.Load!.Percentile(50))):F2} | {Median(ok.Select(m => m.Load!.Percentile(99))):F2} | {ok.Max(m => m.PeakRssMb):F0} | {Median(ok.Select(m => m.ServerCpuUsPerRequest)):F0} | {Median(ok.Select(m => m.ServerCpuUsPerRequest * m.Load!.RequestsPerSecond / 1e6)):P0} | {Median(ok.Select(m => m.Load!.ClientCpuShare)):P0} | {Median(ok.Select(m => m.Load!.MeanResponseBytes)):F0} | {WarmupCurve(ok)} | {ok.Sum(m => m.Load!.Failures)}/{ok.Sum(m => m.Load!.Requests)} |");
        }

        sb.AppendLine();
        sb.AppendLine("`server core busy` = server CPU per request × req/s: near 100 % means the server's core was the bottleneck (a valid saturation point); `client CPU` near 100 % would mean the load generator was.");
        sb.AppendLine();
        sb.AppendLine("Ratios (computed within each round, then median [min–max] over rounds):");
        sb.AppendLine();
        sb.AppendLine("| ratio | measured | target | met? |");
        sb.AppendLine("|---|---:|---|:---:|");

        void Ratio(string label, string num, string den, Func<Measurement, double> value, string targetText, Func<double, bool> pass)
        {
            var per = new List<double>();
            for (var round = 1; round <= setup.Rounds; round++)
            {
                var a = results.FirstOrDefault(r => r.Round == round && r.Target == num && r.Load is not null);
                var b = results.FirstOrDefault(r => r.Round == round && r.Target == den && r.Load is not null);
                if (a is not null && b is not null)
                {
                    per.Add(value(a) / value(b));
                }
            }

            if (per.Count == 0)
            {
                sb.AppendLine(ci, $"| {label} | not measured | {targetText} | — |");
                return;
            }

            var median = Median(per);
            sb.AppendLine(ci, $"| {label} | {median:F2} [{per.Min():F2}–{per.Max():F2}] | {targetText} | {(targetText == "—" ? "—" : pass(median) ? "yes" : "**no**")} |");
        }

        static double Rps(Measurement m) => m.Load!.RequestsPerSecond;
        static double P99(Measurement m) => m.Load!.Percentile(99);
        Ratio("Slack /il6 ÷ ceiling, req/s", "slack-bot", "ceiling", Rps, "≥ 0.50", r => r >= 0.50);
        Ratio("Slack floor ÷ ceiling, req/s (reference: ≈ 0.54 in the issue)", "slack-floor", "ceiling", Rps, "—", _ => true);
        Ratio("Slack /il6 ÷ Slack floor, req/s", "slack-bot", "slack-floor", Rps, "≥ 0.90", r => r >= 0.90);
        Ratio("Slack /il6 ÷ answer-sized Slack floor, req/s (reference)", "slack-bot", "slack-floor-sized", Rps, "—", _ => true);
        Ratio("Discord /il6 ÷ ceiling, req/s", "discord-bot", "ceiling", Rps, "≥ 0.30", r => r >= 0.30);
        Ratio("Discord floor ÷ ceiling, req/s (reference: ≈ 0.31 in the issue)", "discord-floor", "ceiling", Rps, "—", _ => true);
        Ratio("Discord /il6 ÷ Discord floor, req/s", "discord-bot", "discord-floor", Rps, "≥ 0.90", r => r >= 0.90);
        Ratio("Discord /il6 ÷ answer-sized Discord floor, req/s (reference)", "discord-bot", "discord-floor-sized", Rps, "—", _ => true);
        // The same ratios by server cost (ceiling's CPU per request ÷ bot's): req/s can be capped by the load
        // generator's one core (see "client CPU"), CPU per request cannot.
        static double Cost(Measurement m) => 1 / m.ServerCpuUsPerRequest;
        Ratio("Slack /il6 ÷ ceiling, by server CPU per request (reference)", "slack-bot", "ceiling", Cost, "—", _ => true);
        Ratio("Slack /il6 ÷ Slack floor, by server CPU per request (reference)", "slack-bot", "slack-floor", Cost, "—", _ => true);
        Ratio("Discord /il6 ÷ ceiling, by server CPU per request (reference)", "discord-bot", "ceiling", Cost, "—", _ => true);
        Ratio("Discord /il6 ÷ Discord floor, by server CPU per request (reference)", "discord-bot", "discord-floor", Cost, "—", _ => true);
        Ratio("Slack /il6 p99 ÷ ceiling p99", "slack-bot", "ceiling", P99, "≤ 3", r => r <= 3);
        Ratio("Discord /il6 p99 ÷ ceiling p99", "discord-bot", "ceiling", P99, "≤ 3", r => r <= 3);
        Ratio("Slack /il6 p99 ÷ Slack floor p99 (reference)", "slack-bot", "slack-floor", P99, "—", _ => true);
        Ratio("Discord /il6 p99 ÷ Discord floor p99 (reference)", "discord-bot", "discord-floor", P99, "—", _ => true);

        var bots = results.Where(r => r.Target.EndsWith("-bot", StringComparison.Ordinal) && r.Load is not null).ToList();
        if (bots.Count > 0)
        {
            var rss = bots.Max(b => b.PeakRssMb);
            var startups = bots.Select(b => b.StartupMs!.Value).ToList();
            sb.AppendLine(ci, $"| bot peak RSS (max over runs), MB | {rss:F0} | ≤ 120 | {(rss <= 120 ? "yes" : "**no**")} |");
            sb.AppendLine(ci, $"| bot process start → first correct /il6 answer, ms (median [min–max] of {startups.Count}) | {Median(startups):F0} [{startups.Min():F0}–{startups.Max():F0}] | ≤ 1000 | {(Median(startups) <= 1000 ? "yes" : "**no**")} |");
        }

        return sb.ToString();
    }
}
