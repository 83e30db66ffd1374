using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Hosting;

/// <summary>
/// A bot pays in memory only for what its configuration uses: each assembly below costs between 0.5 and 1.5 MB
/// resident once loaded, and the runtime loads what a method names when it first runs it, used or not. Seen where
/// only the process shows it, in the files it has mapped.
/// </summary>
public sealed class LoadedAssembliesProcessTests(LoadedAssembliesProcessTests.DefaultSlackBot slackBot)
    : IClassFixture<LoadedAssembliesProcessTests.DefaultSlackBot>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_metrics_off_the_bot_maps_no_OpenTelemetry_assembly()
    {
        var mapped = await MappedFilesAsync(metrics: false, []);

        Assert.Contains(mapped, Named("Il6Bot.dll"));
        Assert.DoesNotContain(mapped, file => file.Contains("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void With_metrics_on_it_maps_OpenTelemetry_and_serves_them()
    {
        var mapped = slackBot.MappedFiles;

        Assert.Contains(mapped, Named("OpenTelemetry.dll"));
    }

    [Fact]
    public void A_bot_on_SQLite_maps_no_PostgreSQL_driver_even_with_metrics_on()
    {
        var mapped = slackBot.MappedFiles;

        Assert.Contains(mapped, Named("Microsoft.Data.Sqlite.dll"));
        Assert.DoesNotContain(mapped, file => file.Contains("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_workspace_Slack_bot_never_builds_Data_Protection_s_key_manager()
    {
        // The key manager reads the key ring as XML; a bot that stores no installation token never needs it.
        var mapped = slackBot.MappedFiles;

        Assert.DoesNotContain(mapped, Named("System.Private.Xml.Linq.dll"));
    }

    [Fact]
    public void A_bot_maps_neither_IIS_integration_nor_HTTP_3()
    {
        var mapped = slackBot.MappedFiles;

        Assert.Contains(mapped, Named("Microsoft.AspNetCore.Server.Kestrel.Core.dll"));
        Assert.DoesNotContain(mapped, Named("Microsoft.AspNetCore.Server.IIS.dll"));
        Assert.DoesNotContain(mapped, Named("System.Net.Quic.dll"));
    }

    /// <summary>The defaults (metrics on, SQLite) with Slack in its single-workspace form: a signing secret and a bot token.</summary>
    public sealed class DefaultSlackBot : IAsyncLifetime
    {
        public IReadOnlyList<string> MappedFiles { get; private set; } = [];

        public async ValueTask InitializeAsync() => MappedFiles = await MappedFilesAsync(
            metrics: true,
            [
                $"--Slack:SigningSecret={SlackWorld.Secret}", $"--Slack:BotToken={SlackWorld.BotToken}",
                "--Slack:ApiBaseUrl=http://127.0.0.1:9/api", // never slack.com from a test
            ]);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static Predicate<string> Named(string fileName) => file => file.EndsWith("/" + fileName, StringComparison.Ordinal);

    /// <summary>Starts the bot, asks <c>/metrics</c> (served or 404), and lists the files it has mapped then.</summary>
    private static async Task<IReadOnlyList<string>> MappedFilesAsync(bool metrics, IEnumerable<string> args)
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-loaded-").FullName;
        try
        {
            await using var bot = RunningBotProcess.Start(
                [
                    "--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString=Data Source={Path.Combine(dir, "il6bot.db")}",
                    $"--Metrics:Enabled={metrics}", .. args,
                ],
                new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty });
            using var http = new HttpClient { BaseAddress = await bot.ListeningAsync(Ct) };
            using var scrape = await http.GetAsync("/metrics", Ct);
            Assert.True(metrics == scrape.IsSuccessStatusCode, $"metrics {metrics}: GET /metrics {(int)scrape.StatusCode}\n{bot.Output}");

            return [.. File.ReadLines($"/proc/{bot.Id}/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length > 5 && fields[5].StartsWith('/'))
                .Select(fields => fields[5])
                .Distinct()];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
