using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Observability;

/// <summary>
/// A bot nobody reads metrics from does not pay for OpenTelemetry: with <c>Metrics:Enabled=false</c> and no OTLP
/// endpoint its assemblies are never loaded (about 1 MB resident). Seen where only the process shows it, in the
/// files it has mapped.
/// </summary>
public sealed class OpenTelemetryLoadingProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_metrics_off_the_bot_maps_no_OpenTelemetry_assembly()
    {
        var mapped = await MappedFilesAsync(metrics: false);

        Assert.Contains(mapped, file => file.EndsWith("/Il6Bot.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, file => file.Contains("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_metrics_on_it_maps_OpenTelemetry_and_serves_them()
    {
        var mapped = await MappedFilesAsync(metrics: true);

        Assert.Contains(mapped, file => file.EndsWith("/OpenTelemetry.dll", StringComparison.Ordinal));
    }

    /// <summary>Starts the bot, asks <c>/metrics</c> (served or 404), and lists the files it has mapped then.</summary>
    private static async Task<IReadOnlyList<string>> MappedFilesAsync(bool metrics)
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-otel-").FullName;
        try
        {
            await using var bot = RunningBotProcess.Start(
                ["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString=Data Source={Path.Combine(dir, "il6bot.db")}", $"--Metrics:Enabled={metrics}"],
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
