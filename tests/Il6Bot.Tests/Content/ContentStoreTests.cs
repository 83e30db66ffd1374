using Il6Bot.Content;
using Il6Bot.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Content;

public sealed class ContentStoreTests
{
    // Generous: waits for the file watcher and the debounce on a busy machine; never a timing assertion.
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Loads_on_construction_and_stamps_the_clock()
    {
        using var folder = new TempContentFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

        using var store = NewStore(folder, time: time);

        Assert.NotNull(store.Current);
        Assert.Equal(time.GetUtcNow(), store.Current.LoadedAt);
        Assert.Equal("what", ((IContentStore)store).Snapshot.Find("def")?.Id);
    }

    [Fact]
    public void Bad_content_fails_construction_with_file_and_line()
    {
        using var folder = new TempContentFolder(TempContentFolder.MinimalArticle + "\n## Again {#what}\n\nMore.\n");

        var error = Assert.Throws<ContentException>(() => NewStore(folder));

        Assert.StartsWith("content/il6.md:9: duplicate id 'what'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preparers_run_before_the_snapshot_is_published()
    {
        using var folder = new TempContentFolder();
        var preparer = new SectionCountPreparer();

        using var store = NewStore(folder, [preparer]);

        Assert.Equal(2, preparer.Warmed);
        Assert.Same(store.Current, preparer.LastSnapshot);
    }

    [Fact]
    public void A_preparer_rejecting_the_content_fails_the_load()
    {
        using var folder = new TempContentFolder();
        var rejecting = new DelegatePreparer(s =>
            throw new ContentException(s.Find("what")!.Source, "section 'what' cannot fit in a platform message"));

        var error = Assert.Throws<ContentException>(() => NewStore(folder, [new SectionCountPreparer(), rejecting]));

        Assert.Equal("content/il6.md:5: section 'what' cannot fit in a platform message", error.Message);
    }

    [Fact]
    public async Task An_edit_is_picked_up_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        var preparer = new SectionCountPreparer();
        using var store = NewStore(folder, [preparer]);
        await store.StartAsync(ct);
        var first = store.Current!;
        var changed = new TaskCompletionSource<ContentSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += s => changed.TrySetResult(s);

        folder.Write(
            ContentLoader.ArticleFileName,
            TempContentFolder.MinimalArticle + "\n## How {#how data-aliases=\"workout\"}\n\nTrain twice.\n");
        var reloaded = await changed.Task.WaitAsync(EventTimeout, ct);

        Assert.Same(reloaded, store.Current);
        Assert.NotSame(first, reloaded);
        Assert.Equal("how", reloaded.Find("workout")?.Id);
        Assert.Equal("Train twice.", PlainText.Render(reloaded.Find("how")!.Body));
        Assert.Equal(3, preparer.Warmed);
    }

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_content_and_logs_where()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        var logger = new CapturingLogger();
        using var store = NewStore(folder, logger: logger);
        await store.StartAsync(ct);
        var good = store.Current!;
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadFailed += e => failed.TrySetResult(e);
        var changed = false;
        store.Changed += _ => changed = true;

        folder.Write(ContentLoader.NudgesFileName, "## Go {#n-go data-topic=\"nowhere\"}\n\nRun. Read more: `/il6 nowhere`\n");
        var error = await failed.Task.WaitAsync(EventTimeout, ct);

        Assert.IsType<ContentException>(error);
        Assert.Same(good, store.Current);
        Assert.False(changed);
        Assert.Contains(
            logger.Entries,
            e => e.Level == LogLevel.Error && e.Message.Contains("content/nudges.md:1: nudge 'n-go' points to topic 'nowhere'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_preparer_failing_on_reload_keeps_the_last_good_content()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        var preparer = new DelegatePreparer(s => s.Find("how") is { } how
            ? throw new ContentException(how.Source, "too long for every platform")
            : 0);
        using var store = NewStore(folder, [preparer]);
        await store.StartAsync(ct);
        var good = store.Current!;
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadFailed += e => failed.TrySetResult(e);

        folder.Write(
            ContentLoader.ArticleFileName,
            TempContentFolder.MinimalArticle + "\n## How {#how}\n\nTrain.\n");
        var error = await failed.Task.WaitAsync(EventTimeout, ct);

        Assert.Equal("content/il6.md:9: too long for every platform", error.Message);
        Assert.Same(good, store.Current);
    }

    [Fact]
    public async Task A_reload_that_hits_a_busy_file_is_retried_and_the_edit_still_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        var prepares = 0;

        // The load at start is the first; the reload after the edit finds the file busy once.
        var preparer = new DelegatePreparer(_ => Interlocked.Increment(ref prepares) == 2 ? throw new IOException("il6.md is locked by the editor") : 0);
        using var store = NewStore(folder, [preparer]);
        await store.StartAsync(ct);
        var changed = new TaskCompletionSource<ContentSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += s => changed.TrySetResult(s);
        var busy = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadFailed += e =>
        {
            if (e is IOException)
            {
                busy.TrySetResult(e);
            }
        };

        folder.Write(
            ContentLoader.ArticleFileName,
            TempContentFolder.MinimalArticle + "\n## How {#how}\n\nTrain.\n");
        var first = await Task.WhenAny(changed.Task, busy.Task).WaitAsync(EventTimeout, ct);

        Assert.Same(changed.Task, first);
        Assert.Equal("how", store.Current!.Find("how")?.Id);
    }

    [Fact]
    public async Task Fixing_a_broken_edit_publishes_the_fix()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempContentFolder();
        using var store = NewStore(folder);
        await store.StartAsync(ct);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReloadFailed += e => failed.TrySetResult(e);
        folder.Write(ContentLoader.ArticleFileName, "no heading at all\n");
        await failed.Task.WaitAsync(EventTimeout, ct);

        var changed = new TaskCompletionSource<ContentSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += s => changed.TrySetResult(s);
        folder.Write(ContentLoader.ArticleFileName, TempContentFolder.MinimalArticle.Replace("Summary line.", "New summary.", StringComparison.Ordinal));
        var fixedSnapshot = await changed.Task.WaitAsync(EventTimeout, ct);

        Assert.Equal("New summary.", fixedSnapshot.Summary);
        Assert.Same(fixedSnapshot, store.Current);
    }

    [Fact]
    public async Task Health_check_reports_what_is_loaded()
    {
        using var folder = TempContentFolder.FromRepository();
        using var store = NewStore(folder);

        var result = await new ContentHealthCheck(store).CheckHealthAsync(new(), TestContext.Current.CancellationToken);

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status);
        Assert.Equal($"7 topics, {store.Current!.Nudges.Count} nudges", result.Description);
    }

    private static ContentStore NewStore(
        TempContentFolder folder,
        IEnumerable<SectionCountPreparer>? preparers = null,
        TimeProvider? time = null,
        ILogger? logger = null)
    {
        var hooks = preparers?.ToList() ?? [];
        return Loaded(new(folder.Path, "content", hooks, hooks, time ?? TimeProvider.System, logger ?? NullLogger.Instance));
    }

    // As the host does at start (ContentStartupLoad), a store is loaded before it is used.
    private static ContentStore Loaded(ContentStore store)
    {
        store.Load();
        return store;
    }

    /// <summary>Offers one fixed reply per section and, as a platform's render cache, counts what it is given.</summary>
    private class SectionCountPreparer : IContentReplies, IRenderCache
    {
        public ContentSnapshot? LastSnapshot { get; private set; }

        public int Warmed { get; private set; }

        public virtual IReadOnlyList<PreparedReply> Prepare(ContentSnapshot snapshot)
        {
            LastSnapshot = snapshot;
            return [.. snapshot.AllSections.Select(s => new PreparedReply(Reply.PublicText(s.Id), s.Id, s.Source))];
        }

        public void Warm(IReadOnlyList<PreparedReply> replies) => Warmed = replies.Count;
    }

    private sealed class DelegatePreparer(Func<ContentSnapshot, object> prepare) : SectionCountPreparer
    {
        public override IReadOnlyList<PreparedReply> Prepare(ContentSnapshot snapshot)
        {
            prepare(snapshot);
            return base.Prepare(snapshot);
        }
    }
}
