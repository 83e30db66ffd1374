using Il6Bot.Commands;
using Il6Bot.Observability;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Observability;

/// <summary>The per-request recording on the /il6 path, measured in the real host with OpenTelemetry listening.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsAllocationTests
{
    [Fact]
    public async Task Recording_a_command_and_its_duration_allocates_nothing()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var metrics = host.Services.GetRequiredService<Il6BotMetrics>();
        var table = new CommandTagTable("il6");
        var request = new CommandRequest(Platform.Slack, "T1", "C1", "U1", false, "il6", null, new Dictionary<string, string>());

        // The first recordings create the series and warm up the SDK's per-thread buffers.
        Record(metrics, table, request, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Record(metrics, table, request, 1000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1100, (await PrometheusScrape.ReadAsync(host)).Value("il6bot_commands_total", "platform=slack", "command=il6", "outcome=answered"));
    }

    private static void Record(Il6BotMetrics metrics, CommandTagTable table, CommandRequest request, int times)
    {
        for (var i = 0; i < times; i++)
        {
            metrics.CommandHandled(table, request, CommandOutcome.Answered, metrics.CommandStarting());
        }
    }
}
