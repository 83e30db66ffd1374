using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;
using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Bench;

/// <summary>
/// The nudge scale benchmark: (1) tick cost on 100 vs 100,000 stored schedules (BenchmarkDotNet, in-process);
/// (2) one real scheduler tick (<see cref="NudgeScheduler.RunOnceAsync"/>) posting 1,000 nudges due in the same
/// minute, on a store of 100,000, through the bot's own Discord poster against the shared <see cref="FakeDiscordApi"/>;
/// (3) lateness on the minute (<see cref="NudgeLatenessBench"/>).
/// </summary>
public static class NudgeBench
{
    // Discord's documented global limit and the per-channel message bucket it announces, as the fake enforces them.
    private const int GlobalPerSecond = 50;
    private const int RouteLimit = 5;
    private static readonly TimeSpan RouteWindow = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(Options options)
    {
        var repo = Path.GetFullPath(options.Get("repo", Directory.GetCurrentDirectory()));
        var total = options.Int("schedules", 100_000);
        var posts = options.Int("posts", 1_000);
        var skipTick = options.Flag("skip-tick");
        var skipPost = options.Flag("skip-post");
        var onTheMinute = options.Int("on-the-minute", 100);
        var skipLateness = options.Flag("skip-lateness");
        var work = Directory.CreateTempSubdirectory("il6bench-nudges-").FullName;
        var output = options.Get("out");
        var started = DateTimeOffset.UtcNow;
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        var report = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        report.AppendLine(ci, $"### Nudge scale — {started:yyyy-MM-dd HH:mm} UTC{(options.Get("commit") is { } c ? $", commit {c}" : "")}");
        report.AppendLine();
        report.AppendLine(ci, $"{Environment.ProcessorCount} core(s), .NET {Environment.Version}; load average before: `{loadBefore}`.");
        report.AppendLine();
        var ok = true;

        if (!skipTick)
        {
            ok &= await TickAsync(work, total, report);
        }

        if (!skipPost)
        {
            ok &= await PostAsync(repo, work, total, posts, report);
        }

        if (!skipLateness)
        {
            ok &= await NudgeLatenessBench.RunAsync(repo, work, onTheMinute, report);
        }

        report.AppendLine(ci, $"Load average after: `{File.ReadAllText("/proc/loadavg").Trim()}`.");
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report.ToString());
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> TickAsync(string work, int total, StringBuilder report)
    {
        var ci = CultureInfo.InvariantCulture;
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset[] due = [.. Enumerable.Range(0, 5).Select(i => now.AddMinutes(-1).AddSeconds(i))];
        var sw = Stopwatch.StartNew();
        var small = await NudgeSeed.CreateAsync(Path.Combine(work, "small.db"), 100, due, i => Channel(i), now);
        var large = await NudgeSeed.CreateAsync(Path.Combine(work, "large.db"), total, due, i => Channel(i), now);
        Console.Error.WriteLine($"seeded 100 and {total} schedules in {sw.Elapsed.TotalSeconds:F1} s");

        // Sanity: both stores answer the same 5 due schedules.
        foreach (var cs in new[] { small, large })
        {
            await using var store = new SqliteNudgeStore(cs, TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance);
            var found = await store.GetDueAsync(now, NudgeScheduler.BatchSize, CancellationToken.None);
            if (found.Count != due.Length)
            {
                report.AppendLine(ci, $"**Seeding check failed**: {found.Count} due in {cs}, expected {due.Length}.");
                return false;
            }
        }

        var plan = await NudgeSeed.DuePlanAsync(large);
        Environment.SetEnvironmentVariable(TickBenchmarks.SmallEnv, small);
        Environment.SetEnvironmentVariable(TickBenchmarks.LargeEnv, large);
        Environment.SetEnvironmentVariable(TickBenchmarks.NowEnv, now.ToUnixTimeMilliseconds().ToString(ci));

        var artifacts = Path.Combine(work, "bdn");
        var config = InProcessBenchmarks.Config(artifacts);
        // BenchmarkDotNet's console log goes to stderr so stdout stays the Markdown report.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        BenchmarkDotNet.Reports.Summary summary;
        try
        {
            summary = BenchmarkRunner.Run<TickBenchmarks>(config);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        report.AppendLine(ci, $"#### Scheduler tick: store work on 100 vs {total:N0} stored schedules (5 due), BenchmarkDotNet");
        report.AppendLine();
        report.AppendLine(ci, $"Due query plan on the {total:N0} store: `{plan}`.");
        report.AppendLine();
        var md = Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report-github.md").FirstOrDefault();
        if (md is not null)
        {
            report.AppendLine((await File.ReadAllTextAsync(md)).Trim());
        }

        report.AppendLine();
        return !summary.HasCriticalValidationErrors && summary.Reports.All(r => r.Success);
    }

    private static async Task<bool> PostAsync(string repo, string work, int total, int posts, StringBuilder report)
    {
        var ci = CultureInfo.InvariantCulture;
        report.AppendLine(ci, $"#### {posts:N0} nudges due in the same minute, one scheduler tick, fake Discord ({GlobalPerSecond}/s global, {RouteLimit} per {RouteWindow.TotalSeconds:F0} s per channel)");
        report.AppendLine();

        // Due during the previous minute (inside the misfire grace). Every 10th schedule goes to one of 10 busy
        // channels (10 nudges each, so per-route buckets bind); the rest go to distinct channels.
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-1);
        DateTimeOffset[] due = [.. Enumerable.Range(0, posts).Select(i => minute.AddMilliseconds(i * 60_000.0 / posts))];
        string ChannelOf(int i) => i < posts && i % 10 == 0 ? "1300000000000000" + ((i / 10) % 10).ToString("D3", ci) : Channel(i);
        var db = Path.Combine(work, "posts.db");
        var connectionString = await NudgeSeed.CreateAsync(db, total, due, ChannelOf, now);
        var expectedChannels = Enumerable.Range(0, posts).Select(ChannelOf).Distinct().Count();

        await using var fake = await FakeDiscordApi.StartAsync();
        fake.GlobalLimit = GlobalPerSecond;
        fake.MessageRouteLimit = (RouteLimit, RouteWindow);
        foreach (var channel in Enumerable.Range(0, total).Select(ChannelOf).Distinct())
        {
            fake.Channels[channel] = ("1000000000000000000", 0);
        }

        using var keys = new BenchKeys();
        string[] args =
        [
            .. BotCommandLine.Base(repo, "http://127.0.0.1:0", connectionString),
            "--Discord:ApplicationId=1000000000000000001",
            "--Discord:BotToken=bench-bot-token",
            $"--Discord:PublicKey={keys.DiscordPublicKeyHex}",
            $"--Discord:ApiBaseUrl={fake.ApiBaseUrl}",
        ];

        // The host is built, not started: no background loop competes with the tick we drive, and no
        // command registration runs. The store is the bot's own if it registers one, else the SQLite store.
        await using var app = Il6BotApp.Build(args, builder =>
            builder.Services.TryAddSingleton<INudgeStore>(sp => new SqliteNudgeStore(connectionString, TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance)));
        var posters = app.Services.GetServices<INudgePoster>().ToList();
        var poster = posters.LastOrDefault(p => p.Platform == Commands.Platform.Discord);
        if (poster is null)
        {
            report.AppendLine(ci, $"Not measured: the bot registers no Discord `INudgePoster` yet (posters: {(posters.Count == 0 ? "none" : string.Join(", ", posters.Select(p => p.GetType().Name)))}).");
            report.AppendLine();
            return false;
        }

        // What the host's start-up step would do: the nudges come from the content.
        app.Services.GetRequiredService<ContentStore>().Load();
        var scheduler = app.Services.GetRequiredService<NudgeScheduler>();
        Console.Error.WriteLine($"posting {posts} nudges through {poster.GetType().FullName} → {fake.ApiBaseUrl}");
        var wall = Stopwatch.StartNew();
        var summary = await scheduler.RunOnceAsync(CancellationToken.None);
        var seconds = wall.Elapsed.TotalSeconds;
        var ideal = posts / (double)GlobalPerSecond;

        var store = app.Services.GetRequiredService<INudgeStore>();
        var stillDue = (await store.GetDueAsync(DateTimeOffset.UtcNow, NudgeScheduler.BatchSize, CancellationToken.None)).Count;

        report.AppendLine(ci, $"Poster: `{poster.GetType().FullName}`; store: {total:N0} schedules, {posts:N0} due over one minute, {expectedChannels} distinct channels (10 of them with 10 nudges each).");
        report.AppendLine();
        report.AppendLine("| measure | value | target |");
        report.AppendLine("|---|---:|---|");
        report.AppendLine(ci, $"| tick time, s | {seconds:F1} | — |");
        report.AppendLine(ci, $"| tick time ÷ ideal {ideal:F0} s ({posts:N0} ÷ {GlobalPerSecond}/s) | {seconds / ideal:F2} | ≈ 1 |");
        report.AppendLine(ci, $"| messages created by the fake | {fake.MessagesCreated} | {posts} |");
        report.AppendLine(ci, $"| 429 received: global / per-route | {fake.Global429Count} / {fake.Route429Count} | ≈ 0 / ≈ 0 |");
        report.AppendLine(ci, $"| most messages in one 1-s window | {fake.PeakPerGlobalWindow} | ≤ {GlobalPerSecond} |");
        report.AppendLine(ci, $"| repeated nonces (deduplicated by the fake) | {fake.RepeatedNonces} | 0 |");
        report.AppendLine(ci, $"| tick summary: posted / failed / skipped / lost / unknown / errors | {summary.Posted} / {summary.Failed} / {summary.Skipped} / {summary.Lost} / {summary.Unknown} / {summary.Errors} | {posts} / 0 / 0 / 0 / 0 / 0 |");
        report.AppendLine(ci, $"| schedules still due after the tick | {stillDue} | 0 |");
        report.AppendLine();
        return fake.MessagesCreated == posts && summary.Posted == posts;
    }

    private static string Channel(int i) => (1_200_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
}
