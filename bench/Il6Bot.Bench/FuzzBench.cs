using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Il6Bot.Testing.Fuzz;

namespace Il6Bot.Bench;

/// <summary>
/// The fuzz run against the built bot: the bot in its own process as an operator starts it (127.0.0.1, fresh keys,
/// a <see cref="PlatformStub"/> as Slack and Discord), then <c>--requests</c> validly signed bodies from
/// <see cref="SlackFuzzBodies"/> and <see cref="DiscordFuzzBodies"/> (the fuzz test's generators), half to each endpoint, over keep-alive connections. Prints
/// the status histogram per endpoint, the bot's RSS before and after, and what the run left in the bot's log.
/// Exit code 1 when any answer was a 5xx, any request got no answer, or the bot logged an unhandled exception.
/// </summary>
public static class FuzzBench
{
    private static readonly (string Name, string Path)[] Endpoints = [("Slack", "/slack/commands"), ("Discord", "/discord/interactions")];

    public static async Task<int> RunAsync(Options options)
    {
        var repo = Path.GetFullPath(options.Get("repo", Directory.GetCurrentDirectory()));
        var requests = options.Int("requests", 10_000);
        var concurrency = options.Int("concurrency", 8);
        var seed = options.Int("seed", 20_261_205);
        var botDll = Path.GetFullPath(options.Get("bot-dll", Path.Combine(repo, "src/Il6Bot/bin/Release/net10.0/Il6Bot.dll")));
        var work = Directory.CreateTempSubdirectory("il6fuzz-").FullName;
        var log = Path.Combine(work, "bot.log");
        if (!File.Exists(botDll))
        {
            Console.Error.WriteLine($"{botDll} not built");
            return 2;
        }

        using var keys = new BenchKeys();
        await using var stub = await PlatformStub.StartAsync();
        var port = ServerProcess.FreePort();
        using var bot = ServerProcess.Start(options.Get("server-core", "0"), botDll, BotArguments(repo, port, keys, stub, work), port, log);
        await bot.WaitForFirstAnswerAsync(Requests.Slack(keys, Endpoints[0].Path, 1, 0, checkBot: true)[0], TimeSpan.FromSeconds(30), CancellationToken.None);

        // Let start-up work (command registration, the first scheduler tick) settle before the first reading.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var rssBefore = RssMb(bot.Pid);
        Console.Error.WriteLine($"il6bench fuzz: {requests} requests, concurrency {concurrency}, seed {seed}, bot pid {bot.Pid}, log {log}");

        var prepared = Prepare(keys, stub, requests, seed);
        var histogram = new ConcurrentDictionary<(string Endpoint, int Status), int>();
        var failures = new ConcurrentQueue<string>();
        var wall = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            using var connection = new RawHttpConnection(bot.EndPoint);
            int i;
            while ((i = Interlocked.Increment(ref next)) < prepared.Length)
            {
                var (endpoint, bytes, body) = prepared[i];
                try
                {
                    var (status, answer) = await connection.SendAsync(bytes, CancellationToken.None);
                    histogram.AddOrUpdate((endpoint, status), 1, (_, n) => n + 1);
                    if (status >= 500)
                    {
                        failures.Enqueue($"{endpoint} #{i}: {status} {LoadGenerator.Truncate(answer.Span)} for {Truncate(body)}");
                    }
                }
                catch (Exception ex)
                {
                    histogram.AddOrUpdate((endpoint, 0), 1, (_, n) => n + 1);
                    failures.Enqueue($"{endpoint} #{i}: no answer ({ex.GetType().Name}: {ex.Message}) for {Truncate(body)}");
                }
            }
        })));
        var seconds = wall.Elapsed.TotalSeconds;

        // Late answers and follow-ups may still be running; give them a moment, as the RSS reading should include them.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var rssAfter = RssMb(bot.Pid);
        var peak = bot.PeakRssMb();
        var exited = bot.HasExited;
        bot.Dispose();

        var report = Report(histogram, requests, concurrency, seed, seconds, rssBefore, rssAfter, peak, exited, failures, LogSummary(log), stub.Requests);
        Console.WriteLine(report);
        if (options.Get("out") is { } output)
        {
            await File.WriteAllTextAsync(output, report);
        }

        var unhandled = File.ReadLines(log).Any(l => l.Contains("unhandled", StringComparison.OrdinalIgnoreCase) || l.StartsWith("crit:", StringComparison.Ordinal));
        return failures.IsEmpty && !exited && !unhandled ? 0 : 1;
    }

    private static string[] BotArguments(string repo, int port, BenchKeys keys, PlatformStub stub, string work) =>
    [
        .. BotCommandLine.Base(repo, $"http://127.0.0.1:{port}", $"Data Source={Path.Combine(work, "fuzz.db")}"),
        $"--Slack:SigningSecret={keys.SlackSigningSecret}",
        "--Slack:BotToken=xoxb-fuzz",
        $"--Slack:ApiBaseUrl={stub.SlackApiBaseUrl}",
        $"--Slack:Moderators:0={SlackFuzzBodies.Moderator}",
        $"--Discord:PublicKey={keys.DiscordPublicKeyHex}",
        "--Discord:BotToken=fuzz-bot-token",
        "--Discord:ApplicationId=777",
        $"--Discord:ApiBaseUrl={stub.DiscordApiBaseUrl}",
    ];

    /// <summary>Alternating endpoints; every body from its own seed, so a failure's case can be built again.</summary>
    private static (string Endpoint, byte[] Bytes, byte[] Body)[] Prepare(BenchKeys keys, PlatformStub stub, int count, int seed)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var caseSeed = seed + i;
            var (name, path) = Endpoints[i % 2];
            var random = new Random(caseSeed);
            var body = name == "Slack" ? SlackFuzzBodies.Create(random, caseSeed, stub.BaseUrl) : DiscordFuzzBodies.Create(random, caseSeed);
            var bytes = name == "Slack"
                ? Requests.Serialize(path, "application/x-www-form-urlencoded", body, ("X-Slack-Request-Timestamp", now), ("X-Slack-Signature", keys.SignSlack(now, body)))
                : Requests.Serialize(path, "application/json", body, ("X-Signature-Timestamp", now), ("X-Signature-Ed25519", keys.SignDiscord(now, body)));
            return (name, bytes, body);
        })];
    }

    /// <summary>Resident set size now (VmRSS), in MB.</summary>
    private static double RssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Lines per console log level prefix, and the first few lines above warning.</summary>
    private static (Dictionary<string, int> Levels, List<string> Samples) LogSummary(string log)
    {
        var lines = File.ReadAllLines(log);
        var levels = lines
            .Select(l => l.Length >= 5 && l[4] == ':' ? l[..4] : null)
            .Where(level => level is "trce" or "dbug" or "info" or "warn" or "fail" or "crit")
            .GroupBy(level => level!)
            .ToDictionary(g => g.Key, g => g.Count());
        var samples = lines
            .Select((line, index) => (line, index))
            .Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal))
            .Take(5)
            .Select(l => l.line + " " + (l.index + 1 < lines.Length ? lines[l.index + 1].Trim() : string.Empty))
            .ToList();
        return (levels, samples);
    }

    private static string Report(
        ConcurrentDictionary<(string Endpoint, int Status), int> histogram, int requests, int concurrency, int seed, double seconds,
        double rssBefore, double rssAfter, double peak, bool exited, ConcurrentQueue<string> failures,
        (Dictionary<string, int> Levels, List<string> Samples) log, int stubRequests)
    {
        var statuses = histogram.Keys.Select(k => k.Status).Distinct().Order().ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Il6Bot fuzz: {requests:N0} validly signed mutated requests ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {seed}, concurrency {concurrency}, {seconds:F1} s ({requests / seconds:F0} req/s); the stub Slack/Discord APIs were called {stubRequests:N0} times.");
        text.AppendLine();
        text.AppendLine("| endpoint | " + string.Join(" | ", statuses.Select(s => s == 0 ? "no answer" : s.ToString(CultureInfo.InvariantCulture))) + " | total |");
        text.AppendLine("|---|" + string.Concat(statuses.Select(_ => "---:|")) + "---:|");
        foreach (var (name, _) in Endpoints)
        {
            var counts = statuses.Select(s => histogram.GetValueOrDefault((name, s))).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {string.Join(" | ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} | {counts.Sum():N0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Bot RSS: {rssBefore:F1} MB before, {rssAfter:F1} MB after ({rssAfter - rssBefore:+0.0;-0.0} MB), peak {peak:F1} MB{(exited ? "; THE BOT EXITED" : string.Empty)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Bot log (Warning and up): {(log.Levels.Count == 0 ? "empty" : string.Join(", ", log.Levels.Select(l => $"{l.Key} × {l.Value}")))}.");
        foreach (var sample in log.Samples)
        {
            text.AppendLine("    " + sample);
        }

        var fiveHundreds = histogram.Where(h => h.Key.Status >= 500).Sum(h => h.Value);
        text.AppendLine();
        text.AppendLine(failures.IsEmpty
            ? "No 5xx and no request left unanswered."
            : $"FAILED: {fiveHundreds} × 5xx, {histogram.Where(h => h.Key.Status == 0).Sum(h => h.Value)} × no answer; first ones:");
        foreach (var failure in failures.Take(5))
        {
            text.AppendLine("    " + failure);
        }

        return text.ToString();
    }

    private static string Truncate(byte[] body) => LoadGenerator.Truncate(body);
}
