using Il6Bot.Content;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Il6Bot.Tests.Content;

/// <summary>The content capability inside the real host.</summary>
public sealed class ContentHostTests
{
    [Fact]
    public async Task Host_serves_the_repository_content_and_reports_it_healthy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BotHost.StartAsync(cancellationToken: ct);

        var store = host.Services.GetRequiredService<IContentStore>();
        var health = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Name == "content", ct);

        Assert.Equal("illness", store.Snapshot.Find("covid")?.Id);
        Assert.Same(store, host.Services.GetRequiredService<ContentStore>());
        var entry = health.Entries["content"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal($"7 topics, {store.Snapshot.Nudges.Count} nudges", entry.Description);
    }

    [Fact]
    public async Task Bad_content_stops_start_up_naming_file_and_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder(TempContentFolder.MinimalArticle + "\n## Empty {#empty}\n");

        var error = await Assert.ThrowsAsync<ContentException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { ["Content:Path"] = folder.Path },
            cancellationToken: ct));

        Assert.Equal($"{folder.Path}/il6.md:9: section 'empty' has no text", error.Message);
    }
}
