using Il6Bot.Content;
using Il6Bot.Messages;
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

    [Fact]
    public async Task Invalid_utf8_stops_start_up_naming_file_and_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        folder.WriteBytes(ContentLoader.ArticleFileName, WithInvalidBytesOnLine7());

        var error = await Assert.ThrowsAsync<ContentException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { ["Content:Path"] = folder.Path },
            cancellationToken: ct));

        Assert.Equal($"{folder.Path}/il6.md:7: not valid UTF-8 (byte 0xFF); save the file as UTF-8", error.Message);
    }

    [Fact]
    public async Task A_reload_with_invalid_utf8_keeps_serving_the_last_good_content()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["Content:Path"] = folder.Path }, cancellationToken: ct);
        var store = host.Services.GetRequiredService<ContentStore>();
        var good = store.Current;
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadFailed += e => failed.TrySetResult(e);

        folder.WriteBytes(ContentLoader.ArticleFileName, WithInvalidBytesOnLine7());
        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.StartsWith($"{folder.Path}/il6.md:7: not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Same(good, store.Current);
        Assert.Equal("Some text.", Il6Bot.Messages.PlainText.Render(host.Services.GetRequiredService<IContentStore>().Snapshot.Find("what")!.Body));
    }

    // The report's reproduction: \xff\xfe\xc3( pasted into the paragraph of the minimal article's topic.
    private static byte[] WithInvalidBytesOnLine7()
    {
        var text = System.Text.Encoding.UTF8.GetBytes(TempContentFolder.MinimalArticle);
        var at = System.Text.Encoding.UTF8.GetByteCount(TempContentFolder.MinimalArticle[..TempContentFolder.MinimalArticle.IndexOf("Some text.", StringComparison.Ordinal)]) + 5;
        return [.. text[..at], 0xFF, 0xFE, 0xC3, (byte)'(', .. text[at..]];
    }
}
