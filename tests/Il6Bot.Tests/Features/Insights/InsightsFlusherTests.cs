using Il6Bot.Commands;
using Il6Bot.Features.Insights;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>Counts reach the store a flush interval behind the requests, at shutdown, and survive a store outage.</summary>
public sealed class InsightsFlusherTests : IAsyncDisposable
{
    private static readonly InsightsTenant Guild = new(Platform.Discord, "guild-1");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero));
    private readonly InsightsRecorder _recorder;
    private readonly InMemoryInsightsStore _store;
    private readonly InsightsFlusher _flusher;

    public InsightsFlusherTests()
    {
        _recorder = new InsightsRecorder(_clock);
        _store = new InMemoryInsightsStore(_clock);
        _flusher = new InsightsFlusher(_recorder, _store, Options.Create(new InsightsOptions()), _clock, NullLogger<InsightsFlusher>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        _flusher.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Counts_are_written_in_one_batch_when_the_flush_interval_has_passed_not_before()
    {
        await _flusher.StartAsync(Ct);
        var searchedAt = _clock.GetUtcNow();
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "benefits");
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "  Creatine   DOSE ");

        _clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Yield();
        Assert.Equal(0, _store.Writes);

        await AdvanceToNextFlushAsync(TimeSpan.FromSeconds(1));

        var totals = await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct);
        Assert.Equal(2, totals.Of(InsightsMetric.SectionByCommand, "benefits"));
        Assert.Equal(new UnansweredSearchTotal("creatine dose", 1, searchedAt), Assert.Single(totals.Searches));
        Assert.Equal(1, _store.Writes);
        await _flusher.StopAsync(Ct);
    }

    [Fact]
    public async Task Stopping_writes_what_was_counted_since_the_last_flush()
    {
        await _flusher.StartAsync(Ct);
        _recorder.SectionShown(Platform.Slack, "T1", InsightsMetric.Share, "how");

        await _flusher.StopAsync(Ct);

        var totals = await _store.ReadAsync(new InsightsTenant(Platform.Slack, "T1"), new DateOnly(2026, 12, 5), Ct);
        Assert.Equal(1, totals.Of(InsightsMetric.Share, "how"));
    }

    [Fact]
    public async Task A_flush_the_store_refuses_keeps_its_counts_for_the_next_one()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByReadMore, "how");
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "sauna");
        _store.Unavailable = true;

        Assert.False(await _flusher.FlushAsync(Ct));
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByReadMore, "how");
        _store.Unavailable = false;
        Assert.True(await _flusher.FlushAsync(Ct));

        var totals = await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct);
        Assert.Equal(2, totals.Of(InsightsMetric.SectionByReadMore, "how"));
        Assert.Equal(1, Assert.Single(totals.Searches).Count);
    }

    [Fact]
    public async Task A_store_outage_is_one_warning_while_it_lasts_and_one_line_when_it_ends()
    {
        var log = new CapturingLogger<InsightsFlusher>();
        using var flusher = new InsightsFlusher(_recorder, _store, Options.Create(new InsightsOptions()), _clock, log);
        RecordOneSectionAndOneSearch();
        _store.Unavailable = true;

        for (var i = 0; i < 3; i++)
        {
            Assert.False(await flusher.FlushAsync(Ct));
        }

        var warning = Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("kept in memory for the next flush", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Debug));

        _store.Unavailable = false;
        Assert.True(await flusher.FlushAsync(Ct));
        RecordOneSectionAndOneSearch();
        Assert.True(await flusher.FlushAsync(Ct));

        var back = Assert.Single(log.Entries, e => e.Level == LogLevel.Information);
        Assert.Equal("Insights: the store works again; the counts kept in memory are written", back.Message);
        Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_flush_cancelled_during_its_write_keeps_its_counts_for_the_next_one()
    {
        // /insights flushes with the moderator's request token: a request cancelled mid-write must not lose every tenant's counts.
        RecordOneSectionAndOneSearch();
        using var request = new CancellationTokenSource();
        _store.OnWrite = token =>
        {
            request.Cancel();
            token.ThrowIfCancellationRequested();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _flusher.FlushAsync(request.Token));
        _store.OnWrite = null;
        Assert.True(await _flusher.FlushAsync(Ct));

        await AssertOneSectionAndOneSearchWrittenAsync();
    }

    [Fact]
    public async Task A_flush_that_fails_unexpectedly_keeps_its_counts_for_the_next_one()
    {
        RecordOneSectionAndOneSearch();
        _store.OnWrite = _ => throw new InvalidOperationException("not a database outage: a fault of the write itself");

        Assert.False(await _flusher.FlushAsync(Ct));
        _store.OnWrite = null;
        Assert.True(await _flusher.FlushAsync(Ct));

        await AssertOneSectionAndOneSearchWrittenAsync();
    }

    [Fact]
    public async Task Counts_are_written_at_the_configured_flush_interval()
    {
        // One second, not the default five: the operator's Insights:FlushInterval sets the pace.
        using var flusher = new InsightsFlusher(
            _recorder, _store, Options.Create(new InsightsOptions { FlushInterval = TimeSpan.FromSeconds(1) }), _clock, NullLogger<InsightsFlusher>.Instance);
        await flusher.StartAsync(Ct);
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.Share, "how");

        await AdvanceToNextFlushAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(1, _store.Writes);
        Assert.Equal(1, (await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct)).Of(InsightsMetric.Share, "how"));
        await flusher.StopAsync(Ct);
    }

    [Fact]
    public async Task Counts_dropped_at_the_recorders_bound_are_logged_once_after_a_flush_not_once_each()
    {
        var log = new CapturingLogger<InsightsFlusher>();
        using var flusher = new InsightsFlusher(_recorder, _store, Options.Create(new InsightsOptions()), _clock, log);
        await flusher.StartAsync(Ct);
        for (var i = 0; i < InsightsRecorder.MaxPendingKeys + 3; i++)
        {
            _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, $"topic-{i}");
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        await log.WaitForAsync(entries => entries.Any(e => e.Message.Contains("dropped", StringComparison.Ordinal)));
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.Share, "how");
        await AdvanceToNextFlushAsync(TimeSpan.FromSeconds(5));
        await flusher.StopAsync(Ct);

        var dropped = Assert.Single(log.Entries, e => e.Message.Contains("dropped", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, dropped.Level);
        Assert.StartsWith("Insights: 3 counts dropped since the last flush", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_counted_writes_nothing()
    {
        Assert.True(await _flusher.FlushAsync(Ct));
        Assert.Equal(0, _store.Writes);
    }

    [Fact]
    public async Task Counts_land_on_the_utc_day_they_happened()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 23, 59, 59, TimeSpan.Zero));
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "what");
        _clock.Advance(TimeSpan.FromSeconds(2));
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "what");
        await _flusher.FlushAsync(Ct);

        Assert.Equal(1, (await _store.ReadAsync(Guild, new DateOnly(2026, 12, 6), Ct)).Of(InsightsMetric.SectionByCommand, "what"));
        Assert.Equal(2, (await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct)).Of(InsightsMetric.SectionByCommand, "what"));
    }

    // The flush loop runs on the timer's callback; the write it starts completes synchronously on the in-memory store,
    // so polling the write count after advancing the fake clock needs no real-time wait.
    private async Task AdvanceToNextFlushAsync(TimeSpan by)
    {
        var before = _store.Writes;
        _clock.Advance(by);
        for (var i = 0; i < 1000 && _store.Writes == before; i++)
        {
            await Task.Delay(1, Ct);
        }
    }

    private void RecordOneSectionAndOneSearch()
    {
        _recorder.SectionShown(Platform.Discord, "guild-1", InsightsMetric.SectionByCommand, "how");
        _recorder.UnansweredSearch(Platform.Discord, "guild-1", "sauna");
    }

    private async Task AssertOneSectionAndOneSearchWrittenAsync()
    {
        var totals = await _store.ReadAsync(Guild, new DateOnly(2026, 12, 5), Ct);
        Assert.Equal(1, totals.Of(InsightsMetric.SectionByCommand, "how"));
        Assert.Equal(1, Assert.Single(totals.Searches).Count);
    }
}
