using System.Net;
using Il6Bot.Content;
using Il6Bot.Observability;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Content;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Il6Bot.Tests.Observability;

/// <summary>The other ways metrics leave the real host: OTLP, the transports' state, content reloads.</summary>
[Collection(MetricsCollection.Name)]
public sealed class TelemetryExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_metrics_and_traces_are_exported_over_OTLP()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var world = await SlackWorld.StartAsync();
        var host = await world.StartHostAsync(settings: new Dictionary<string, string?>
        {
            [OtlpEndpoint.Key] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        var (status, _) = await SlackWorld.SendAsync(host, world.SignCommand("/il6", "qqzvx plorkwistle"));
        Assert.Equal(HttpStatusCode.OK, status);
        // Not asserted for metrics: the Prometheus reader beside OTLP only ever collects for a scrape, so a flush
        // reports it as failed; the OTLP reader has exported by the time the call returns.
        host.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000);
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));

        var metrics = collector.Received("/v1/metrics");
        var traces = collector.Received("/v1/traces");
        Assert.Contains("il6bot.commands", metrics, StringComparison.Ordinal);
        Assert.Contains("il6bot.command.duration", metrics, StringComparison.Ordinal);
        Assert.Contains("/slack/commands", traces, StringComparison.Ordinal);
        Assert.DoesNotContain("plorkwistle", metrics + traces, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackWorld.Secret, metrics + traces, StringComparison.Ordinal);

        // /metrics is still served beside OTLP.
        Assert.Equal(1, (await PrometheusScrape.ReadAsync(host)).Value("il6bot_commands_total", "command=il6"));
    }

    [Fact]
    public async Task A_bad_OTEL_EXPORTER_OTLP_ENDPOINT_stops_start_up_naming_the_key_not_the_value()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { [OtlpEndpoint.Key] = "secret-looking-value" }, cancellationToken: Ct));

        Assert.Contains(OtlpEndpoint.Key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_mode_command_is_labelled_websocket_and_the_connection_state_is_a_gauge()
    {
        await using var fake = await FakeSlackSocketMode.StartAsync();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:Mode"] = "SocketMode",
                ["Slack:AppToken"] = "xapp-1-metrics",
                ["Slack:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            cancellationToken: Ct);

        var connection = await fake.NextConnectionAsync();
        await connection.SendHelloAsync();
        await connection.SendSlashCommandAsync("env-1", "/il6", "benefits", "trig-1");
        await connection.NextAckAsync();
        var scrape = await PrometheusScrape.ReadAsync(host);

        Assert.Equal(1, scrape.Value("il6bot_commands_total", "platform=slack", "transport=websocket", "command=il6", "outcome=answered"));
        Assert.Equal(0, scrape.Value("il6bot_commands_total", "transport=http"));
        Assert.Equal(1, scrape.Value("il6bot_transport_state", "transport=slack-socket", "state=connected"));
        Assert.Equal(0, scrape.Value("il6bot_transport_state", "transport=slack-socket", "state=reconnecting"));
        Assert.Equal(4, scrape.Series("il6bot_transport_state", "transport=slack-socket"));
    }

    [Fact]
    public async Task Content_reloads_are_counted_as_ok_or_rejected()
    {
        using var folder = new TempContentFolder();
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Content:Path"] = folder.Path }, cancellationToken: Ct);
        var store = host.Services.GetRequiredService<ContentStore>();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rejected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += _ => changed.TrySetResult();
        store.ReloadFailed += _ => rejected.TrySetResult();
        Assert.Equal(0, (await PrometheusScrape.ReadAsync(host)).Series("il6bot_content_reloads_total"));

        folder.Write(ContentLoader.ArticleFileName, TempContentFolder.MinimalArticle.Replace("Some text.", "Other text.", StringComparison.Ordinal));
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        folder.Write(ContentLoader.ArticleFileName, TempContentFolder.MinimalArticle + "\n## Empty {#empty}\n");
        await rejected.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var scrape = await PrometheusScrape.ReadAsync(host);

        // An editor's save can reach the watcher as more than one burst, so each edit counts at least once.
        Assert.InRange(scrape.Value("il6bot_content_reloads_total", "outcome=ok"), 1, 3);
        Assert.InRange(scrape.Value("il6bot_content_reloads_total", "outcome=rejected"), 1, 3);
        Assert.Equal(2, scrape.Series("il6bot_content_reloads_total"));
    }

    [Theory]
    [InlineData("https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA/messages/@original", "https://discord.com/api/v10/webhooks/{redacted}/{redacted}/messages/@original")]
    [InlineData("https://hooks.slack.com/commands/T0E2E/1234567890/abcdefghijklmnopqrstuvwx", "https://hooks.slack.com/commands/{redacted}/{redacted}/{redacted}")]
    [InlineData("https://slack.com/api/chat.postMessage?token=xoxb-1", "https://slack.com/api/chat.postMessage")]
    [InlineData("https://discord.com/api/v10/channels/987654321/messages", "https://discord.com/api/v10/channels/{redacted}/messages")]
    [InlineData("not a url", "{redacted}")]
    public void Outbound_span_urls_keep_route_words_only(string url, string expected) =>
        Assert.Equal(expected, TraceRedaction.RedactUrl(url));
}
