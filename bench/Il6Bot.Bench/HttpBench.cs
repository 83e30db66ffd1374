using System.Globalization;
using System.Text;
using Il6Bot.Commands;
using Il6Bot.Hosting;

namespace Il6Bot.Bench;

/// <summary>
/// Orchestrates the HTTP load benchmark. This process is the load generator (the script pins it to core 1);
/// each target server is a fresh process pinned to core 0, started the same way, one after the other.
/// Every round runs all targets; ratios are computed within a round and the median over rounds is reported.
/// </summary>
public static partial class HttpBench
{
    /// <param name="Build">For a bot target, which build serves it; only the ReadyToRun targets run without naming theirs.</param>
    private sealed record Target(string Name, bool IsBot, string Platform, string Path, string Description, BotBuild Build = BotBuild.ReadyToRun);

    private sealed record Measurement(
        string Target,
        int Round,
        LoadResult? Load,
        double PeakRssMb,
        double ServerCpuUsPerRequest,
        double? StartupMs,
        string? Error,
        IReadOnlyList<double>? WarmupRates = null,
        IReadOnlyList<double>? WindowRates = null,
        LoadResult? OneAtATime = null);

    private static readonly Target[] AllTargets =
    [
        new("ceiling", false, "ceiling", "/ceiling", "bare Kestrel endpoint, constant answer"),
        new("slack-floor", false, "slack", "/floor/slack", "read body + HMAC v0 verify + fixed bytes"),
        new("slack-floor-sized", false, "slack", "/floor/slack/sized", $"slack-floor answering as many bytes as the bot's answer to each topic (mean {Requests.SlackAnswerBytes})"),
        new("slack-bot", true, "slack", "/slack/commands", "Il6Bot `/il6 <topic>` (Slack)"),
        new("discord-floor", false, "discord", "/floor/discord", "read body + Ed25519 verify + fixed bytes"),
        new("discord-floor-sized", false, "discord", "/floor/discord/sized", $"discord-floor answering as many bytes as the bot's answer to each topic (mean {Requests.DiscordAnswerBytes})"),
        new("discord-bot", true, "discord", "/discord/interactions", "Il6Bot `/il6 topic:<topic>` (Discord)"),
        new("discord-click", true, "discord-click", "/discord/interactions", "Il6Bot related-topic button click (Discord MESSAGE_COMPONENT)"),
        new("slack-bot-base", true, "slack", "/slack/commands", "the base build's `/il6 <topic>` (Slack)", BotBuild.Base),
        new("discord-bot-base", true, "discord", "/discord/interactions", "the base build's `/il6 topic:<topic>` (Discord)", BotBuild.Base),
        new("slack-bot-jit", true, "slack", "/slack/commands", "the JIT build's (IL only) `/il6 <topic>` (Slack)", BotBuild.Jit),
        new("discord-bot-jit", true, "discord", "/discord/interactions", "the JIT build's (IL only) `/il6 topic:<topic>` (Discord)", BotBuild.Jit),
        new("slack-bot-native", true, "slack", "/slack/commands", "the native (AOT) build's `/il6 <topic>` (Slack)", BotBuild.Native),
        new("discord-bot-native", true, "discord", "/discord/interactions", "the native (AOT) build's `/il6 topic:<topic>` (Discord)", BotBuild.Native),
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var repo = Path.GetFullPath(options.Get("repo", Directory.GetCurrentDirectory()));
        var requests = options.Int("requests", 40_000);
        var warmup = options.Int("warmup", 10_000);
        var warmupSeconds = options.Int("warmup-seconds", 60);
        var windows = options.Int("windows", 8);
        var concurrency = options.Int("concurrency", 16);
        var latencyRequests = options.Int("latency-requests", 4_000);
        var rounds = options.Int("rounds", 3);
        var serverCore = options.Get("server-core", "0");
        var only = options.Get("targets")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var binaries = BotBinaries.FromOptions(options, repo);
        var available = AllTargets.Where(t => t.Build == BotBuild.ReadyToRun || binaries.For(t.Build) is not null).ToArray();
        var targets = only is null ? available : [.. available.Where(t => only.Contains(t.Name, StringComparer.OrdinalIgnoreCase))];
        var botDll = binaries.ReadyToRun;
        var benchDll = typeof(HttpBench).Assembly.Location;
        var work = Directory.CreateTempSubdirectory("il6bench-").FullName;
        var output = options.Get("out");
        var botHost = options.Get("bot-host", "dll");

        using var keys = new BenchKeys();
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var started = DateTimeOffset.UtcNow;
        Console.Error.WriteLine($"il6bench http: {rounds} round(s) × [{string.Join(", ", targets.Select(t => t.Name))}], N={requests} in {windows} interleaved windows, warm-up ≥ {warmupSeconds} s each cycling {warmup} requests, concurrency={concurrency}; logs in {work}");

        var results = new List<Measurement>();
        var run = new RunSettings(keys, repo, botHost == "bench" ? null : botDll, binaries, benchDll, serverCore, work, requests, warmup, warmupSeconds, windows, concurrency, latencyRequests);
        var coldStarts = await ColdStartsAsync(targets, run, options.Int("cold-starts", 0));
        for (var round = 1; round <= rounds; round++)
        {
            var measurements = await RunRoundAsync(targets, round, run);
            foreach (var m in measurements)
            {
                results.Add(m);
                Console.Error.WriteLine(m.Error is null
                    ? FormattableString.Invariant($"  round {round} {m.Target,-19} {m.Load!.RequestsPerSecond,9:F0} req/s  p50 {m.Load.Percentile(50):F2} ms  p99 {m.Load.Percentile(99):F2} ms  RSS {m.PeakRssMb:F0} MB  {m.ServerCpuUsPerRequest:F0} µs/req  client CPU {m.Load.ClientCpuShare:P0}  body {m.Load.MeanResponseBytes:F0} B  failures {m.Load.Failures}{(m.StartupMs is { } s ? $"  first answer {s:F0} ms" : "")}")
                    : $"  round {round} {m.Target,-19} FAILED: {m.Error}");
                if (m.WarmupRates is { Count: > 0 } passes)
                {
                    Console.Error.WriteLine("      warm-up req/s per pass: " + string.Join(" ", passes.Select(r => r.ToString("F0", CultureInfo.InvariantCulture))));
                }

                if (m.WindowRates is { Count: > 0 } windowRates)
                {
                    Console.Error.WriteLine("      measured req/s per window: " + string.Join(" ", windowRates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture))));
                }

                if (m.OneAtATime is { } single)
                {
                    Console.Error.WriteLine(FormattableString.Invariant($"      one at a time: p50 {single.Percentile(50):F3} ms  p99 {single.Percentile(99):F3} ms  failures {single.Failures}"));
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
        var setup = new RunSetup(requests, warmup, warmupSeconds, windows, concurrency, rounds, options.Get("commit"), botHost == "bench" ? "Il6Bot.Bench bot" : botDll, latencyRequests);
        var report = Report(results, targets, started, loadBefore, loadAfter, setup) + BuildsReport(results, targets, coldStarts, rounds);
        if (botHost == "bench")
        {
            report = "> **Diagnostic run (`--bot-host bench`)**: every target, the ceiling and floors included, ran on the bot's own host (`Il6Bot.Bench bot`: `Il6BotApp.Build` plus the baseline endpoints), so baseline ÷ this is the host's own overhead.\n\n" + report;
        }

        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }

        var failed = results.Any(r => r.Error is not null || r.Load?.Failures > 0 || r.OneAtATime?.Failures > 0) || coldStarts.Any(c => c.Error is not null);
        return failed ? 1 : 0;
    }

    private sealed record RunSettings(
        BenchKeys Keys, string Repo, string? BotDll, BotBinaries Binaries, string BenchDll, string Core, string Work,
        int Requests, int WarmupPool, int WarmupSeconds, int Windows, int Concurrency, int LatencyRequests);

    /// <summary>One target's server process in a round, with what it has been sent so far.</summary>
    private sealed class RunningTarget(Target target, ServerProcess server, string log, double startupMs)
    {
        public Target Target { get; } = target;

        public ServerProcess Server { get; } = server;

        public string Log { get; } = log;

        public double StartupMs { get; } = startupMs;

        public PreparedRequest[] Pool { get; set; } = [];

        public DateTimeOffset PoolBuilt { get; set; }

        public TimeSpan Loaded { get; set; }

        public List<double> WarmupRates { get; } = [];

        public List<LoadResult> Windows { get; } = [];

        public List<LoadResult> OneAtATime { get; } = [];

        public TimeSpan MeasuredCpu { get; set; }

        public string? Error { get; set; }
    }

    /// <summary>
    /// One round: every target's server is started (bots first, each alone on the core, which is the start-up
    /// measurement), then all of them stay up, pinned to the same core, and take turns: warm-up passes in rotation
    /// until each has had <see cref="RunSettings.WarmupSeconds"/> of load, then the measured requests in
    /// <see cref="RunSettings.Windows"/> windows, the order rotated each cycle. Only one server is loaded at a time.
    /// Interleaving is the point: this machine has slow spells lasting seconds, and a target measured during one
    /// would look slower than a target measured a minute earlier; taking turns spreads every spell over all targets,
    /// so the ratios between them hold even when the absolute numbers move.
    /// </summary>
    private static async Task<List<Measurement>> RunRoundAsync(Target[] targets, int round, RunSettings run)
    {
        var running = new List<RunningTarget>();
        var failed = new List<Measurement>();
        try
        {
            foreach (var target in targets.OrderBy(t => t.IsBot ? 0 : 1))
            {
                var started = await StartAsync(target, round, run);
                if (started.Error is not null)
                {
                    failed.Add(new Measurement(target.Name, round, null, double.NaN, double.NaN, null, started.Error));
                    started.Running?.Server.Dispose();
                    continue;
                }

                running.Add(started.Running!);

                // Let the new process finish what it does right after its first answer before the next one starts.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            running = [.. running.OrderBy(r => Array.IndexOf(targets, r.Target))];
            await WarmUpAsync(running, run);
            await MeasureWindowsAsync(running, run);
            await MeasureOneAtATimeAsync(running, run);
            return [.. running.Select(r => ToMeasurement(r, round)).Concat(failed).OrderBy(m => Array.FindIndex(targets, t => t.Name == m.Target))];
        }
        finally
        {
            foreach (var r in running)
            {
                r.Server.Dispose();
            }
        }
    }

    private static int _seed;

    private static PreparedRequest[] Fresh(Target target, BenchKeys keys, int count) =>
        Build(target, keys, count, Interlocked.Add(ref _seed, count + 10) - count - 10);

    private static async Task<(RunningTarget? Running, string? Error)> StartAsync(Target target, int round, RunSettings run)
    {
        var botDll = run.BotDll is null ? null : run.Binaries.For(target.Build);
        if (target.IsBot && botDll is not null && !File.Exists(botDll))
        {
            return (null, $"{botDll} not built");
        }

        var port = ServerProcess.FreePort();
        var log = Path.Combine(run.Work, $"{target.Name}-r{round}.log");
        var (dll, args) = ServerCommand(target, round, run, port);
        var server = ServerProcess.Start(run.Core, dll, args, port, log);
        try
        {
            var probe = Fresh(target, run.Keys, 1)[0];
            var startup = await server.WaitForFirstAnswerAsync(probe, TimeSpan.FromSeconds(30), CancellationToken.None);
            return (new RunningTarget(target, server, log, startup), null);
        }
        catch (Exception ex)
        {
            server.Dispose();
            return (null, $"{ex.Message} (log: {log})");
        }
    }

    private static (string Dll, string[] Args) ServerCommand(Target target, int round, RunSettings run, int port)
    {
        // BotDll null (--bot-host bench): every target, bot and baselines alike, runs on the bot's own host.
        if (target.IsBot || run.BotDll is null)
        {
            var db = Path.Combine(run.Work, $"b-{target.Name}-r{round}.db");
            return ((run.BotDll is null ? null : run.Binaries.For(target.Build)) ?? run.BenchDll,
            [
                .. run.BotDll is null ? new[] { "bot" } : [],
                .. BotCommandLine.Base(run.Repo, $"http://127.0.0.1:{port}", $"Data Source={db}"),
                $"--Discord:PublicKey={run.Keys.DiscordPublicKeyHex}",
                $"--Slack:SigningSecret={run.Keys.SlackSigningSecret}",
            ]);
        }

        return (run.BenchDll,
        [
            "ceiling",
            "--urls", $"http://127.0.0.1:{port}",
            "--Logging:LogLevel:Default=Warning",
            $"--Discord:PublicKey={run.Keys.DiscordPublicKeyHex}",
            $"--Slack:SigningSecret={run.Keys.SlackSigningSecret}",
        ]);
    }

    /// <summary>
    /// Passes in rotation until every target has had <see cref="RunSettings.WarmupSeconds"/> of load. Time-based on
    /// purpose: on one core the runtime's tiered JIT takes tens of seconds of full load to move the hot paths from
    /// tier 0 to optimized code (it compiles in the background, competing with the requests), so a fixed request
    /// count leaves each target at a different point of that curve and the ratios compare JIT states, not request
    /// paths. Every answer is checked here too.
    /// </summary>
    private static async Task WarmUpAsync(List<RunningTarget> running, RunSettings run)
    {
        var minimum = TimeSpan.FromSeconds(run.WarmupSeconds);
        while (running.Where(r => r.Error is null && r.Loaded < minimum).ToList() is { Count: > 0 } pending)
        {
            foreach (var r in pending)
            {
                // Slack refuses timestamps over 5 minutes old, and a round's warm-up can last longer than that.
                if (r.Pool.Length == 0 || DateTimeOffset.UtcNow - r.PoolBuilt > TimeSpan.FromMinutes(2))
                {
                    r.Pool = Fresh(r.Target, run.Keys, run.WarmupPool);
                    r.PoolBuilt = DateTimeOffset.UtcNow;
                }

                var pass = await LoadGenerator.RunAsync(r.Server.EndPoint, r.Pool, run.Concurrency, CancellationToken.None);
                r.Loaded += TimeSpan.FromSeconds(pass.Seconds);
                r.WarmupRates.Add(pass.RequestsPerSecond);
                if (pass.Failures > 0 || r.Server.HasExited)
                {
                    r.Error = r.Server.HasExited
                        ? $"server exited during warm-up (log: {r.Log})"
                        : $"{pass.Failures} wrong answer(s) during warm-up, e.g. {pass.FailureSamples[0]}";
                }
            }
        }
    }

    private static Task MeasureWindowsAsync(List<RunningTarget> running, RunSettings run) =>
        InterleavedAsync(running, run, run.Requests, async (r, chunk) =>
        {
            var cpuBefore = r.Server.CpuTime();
            r.Windows.Add(await LoadGenerator.RunAsync(r.Server.EndPoint, chunk, run.Concurrency, CancellationToken.None));
            r.MeasuredCpu += r.Server.CpuTime() - cpuBefore;
        });

    /// <summary>
    /// Latency without queueing: one request at a time (concurrency 1), in interleaved windows like the load. Under
    /// the closed-loop load above every request waits behind the others in flight, so a p99 there is mostly
    /// concurrency ÷ throughput, i.e. the throughput ratio again; here it is what one request costs end to end.
    /// </summary>
    private static Task MeasureOneAtATimeAsync(List<RunningTarget> running, RunSettings run) =>
        run.LatencyRequests <= 0
            ? Task.CompletedTask
            : InterleavedAsync(running, run, run.LatencyRequests, async (r, chunk) =>
                r.OneAtATime.Add(await LoadGenerator.RunAsync(r.Server.EndPoint, chunk, 1, CancellationToken.None)));

    /// <summary>
    /// Sends <paramref name="count"/> fresh requests to every live target in <see cref="RunSettings.Windows"/> windows;
    /// each cycle every target gets one window, and who goes first rotates, so no target always follows the same
    /// neighbour and a slow spell of the machine is spread over all of them.
    /// </summary>
    private static async Task InterleavedAsync(List<RunningTarget> running, RunSettings run, int count, Func<RunningTarget, PreparedRequest[], Task> window)
    {
        var live = running.Where(r => r.Error is null).ToList();

        // Built now, not at the round's start: Slack's 5-minute timestamp window.
        var requests = live.ToDictionary(r => r, r => Fresh(r.Target, run.Keys, count));
        var windows = Math.Max(1, run.Windows);
        for (var w = 0; w < windows; w++)
        {
            for (var i = 0; i < live.Count; i++)
            {
                var r = live[(i + w) % live.Count];
                var all = requests[r];
                await window(r, all[(all.Length * w / windows)..(all.Length * (w + 1) / windows)]);
            }
        }
    }

    private static Measurement ToMeasurement(RunningTarget r, int round)
    {
        if (r.Error is not null || r.Windows.Count == 0)
        {
            return new Measurement(r.Target.Name, round, null, double.NaN, double.NaN, null, r.Error ?? "not measured", r.WarmupRates);
        }

        var load = LoadResult.Combine(r.Windows);
        var rss = r.Server.PeakRssMb();
        return r.Server.HasExited
            ? new Measurement(r.Target.Name, round, load, rss, double.NaN, null, $"server exited during the run (log: {r.Log})", r.WarmupRates)
            : new Measurement(
                r.Target.Name, round, load, rss, r.MeasuredCpu.TotalMicroseconds / load.Requests, r.Target.IsBot ? r.StartupMs : null, null, r.WarmupRates,
                [.. r.Windows.Select(w => w.RequestsPerSecond)], r.OneAtATime.Count > 0 ? LoadResult.Combine(r.OneAtATime) : null);
    }

    private static PreparedRequest[] Build(Target target, BenchKeys keys, int count, int seed) => target.Platform switch
    {
        "ceiling" => Requests.Ceiling(keys, count, seed),
        "slack" => Requests.Slack(keys, target.Path, count, seed, checkBot: target.IsBot),
        "discord" => Requests.Discord(keys, target.Path, count, seed, checkBot: target.IsBot),
        "discord-click" => Requests.DiscordClick(keys, target.Path, count, seed),
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

    private sealed record RunSetup(int Requests, int WarmupPool, int WarmupSeconds, int Windows, int Concurrency, int Rounds, string? Commit, string Bot, int LatencyRequests);

    private static string Report(
        List<Measurement> results, Target[] targets, DateTimeOffset started, string loadBefore, string loadAfter, RunSetup setup)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"### HTTP load — {started:yyyy-MM-dd HH:mm} UTC{(setup.Commit is null ? "" : $", commit {setup.Commit}")}");
        sb.AppendLine();
        sb.AppendLine(ci, $"Server pinned to core 0, load generator to core 1; {Environment.ProcessorCount} core(s) visible to the load generator, .NET {Environment.Version}.");
        sb.AppendLine(ci, $"Each round starts a fresh server per target (bots first, one at a time: the start-up measurement); all stay up on the server core and take turns, one loaded at a time: warm-up passes until each has had {setup.WarmupSeconds} s of load (cycling {setup.WarmupPool} signed requests), then N = {setup.Requests} distinct signed requests per target in {setup.Windows} interleaved windows, concurrency {setup.Concurrency}, {setup.Rounds} round(s).");
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

        // The answer-sized floors send the sizes in Requests.Topics; a bot whose answers changed size makes them stale.
        foreach (var (bot, sized) in new[] { ("slack-bot", "slack-floor-sized"), ("discord-bot", "discord-floor-sized") })
        {
            var botBytes = results.Where(r => r.Target == bot && r.Load is not null).Select(r => r.Load!.MeanResponseBytes).ToList();
            var floorBytes = results.Where(r => r.Target == sized && r.Load is not null).Select(r => r.Load!.MeanResponseBytes).ToList();
            if (botBytes.Count > 0 && floorBytes.Count > 0 && Math.Abs(Median(botBytes) / Median(floorBytes) - 1) > 0.01)
            {
                sb.AppendLine();
                sb.AppendLine(ci, $"**Warning:** {bot} answered {Median(botBytes):F0} bytes on average but {sized} {Median(floorBytes):F0}: the sizes in `Requests.Topics` are stale, so \"÷ answer-sized floor\" is not like for like.");
            }
        }

        if (setup.LatencyRequests > 0)
        {
            sb.AppendLine();
            sb.AppendLine(ci, $"One request at a time (concurrency 1, {setup.LatencyRequests} more distinct signed requests per target in {setup.Windows} interleaved windows, after the load): latency without queueing.");
            sb.AppendLine();
            sb.AppendLine("| target | p50 ms | p99 ms | failed/total |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var target in targets)
            {
                var single = results.Where(r => r.Target == target.Name && r.OneAtATime is not null).Select(r => r.OneAtATime!).ToList();
                if (single.Count > 0)
                {
                    sb.AppendLine(ci, $"| {target.Name} | {Median(single.Select(l => l.Percentile(50))):F3} | {Median(single.Select(l => l.Percentile(99))):F3} | {single.Sum(l => l.Failures)}/{single.Sum(l => l.Requests)} |");
                }
            }
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
                if (a is not null && b is not null && value(a) / value(b) is var ratio && !double.IsNaN(ratio))
                {
                    per.Add(ratio);
                }
            }

            if (per.Count == 0)
            {
                // A ratio between targets this run did not select is not a missing measurement.
                if (!targets.Any(t => t.Name == num) || !targets.Any(t => t.Name == den))
                {
                    return;
                }

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
        Ratio($"Slack /il6 p99 ÷ ceiling p99, under load (concurrency {setup.Concurrency})", "slack-bot", "ceiling", P99, "≤ 3", r => r <= 3);
        Ratio($"Discord /il6 p99 ÷ ceiling p99, under load (concurrency {setup.Concurrency})", "discord-bot", "ceiling", P99, "≤ 3", r => r <= 3);
        static double SingleP99(Measurement m) => m.OneAtATime?.Percentile(99) ?? double.NaN;
        Ratio("Slack /il6 p99 ÷ ceiling p99, one request at a time", "slack-bot", "ceiling", SingleP99, "≤ 3", r => r <= 3);
        Ratio("Discord /il6 p99 ÷ ceiling p99, one request at a time", "discord-bot", "ceiling", SingleP99, "≤ 3", r => r <= 3);
        Ratio("Slack /il6 p99 ÷ Slack floor p99 (reference)", "slack-bot", "slack-floor", P99, "—", _ => true);
        // Before/after in one run (--base-bot-dll): this build and the base build take turns like every target.
        Ratio("Slack /il6, this build ÷ base build, req/s", "slack-bot", "slack-bot-base", Rps, "—", _ => true);
        Ratio("Slack /il6 base build ÷ Slack floor, req/s", "slack-bot-base", "slack-floor", Rps, "—", _ => true);
        Ratio("Discord /il6, this build ÷ base build, req/s", "discord-bot", "discord-bot-base", Rps, "—", _ => true);
        Ratio("Discord /il6 base build ÷ Discord floor, req/s", "discord-bot-base", "discord-floor", Rps, "—", _ => true);
        Ratio("Discord /il6 p99 ÷ Discord floor p99 (reference)", "discord-bot", "discord-floor", P99, "—", _ => true);
        // A click answers from the replies prepared at content load, as a command does (Slack answers clicks at the
        // response_url, off the HTTP answer, so only Discord's synchronous answer can be compared here).
        Ratio("Discord button click ÷ Discord /il6, req/s", "discord-click", "discord-bot", Rps, "≥ 0.90", r => r >= 0.90);
        Ratio("Discord button click ÷ Discord /il6, by server CPU per request", "discord-click", "discord-bot", Cost, "≥ 0.90", r => r >= 0.90);

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
