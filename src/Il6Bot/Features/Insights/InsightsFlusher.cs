using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Observability;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Insights;

/// <summary>
/// Writes the <see cref="InsightsRecorder"/>'s counts to the store every <see cref="InsightsOptions.FlushInterval"/>
/// and once more at shutdown, each time in one transaction. A flush the store refuses puts its counts back for the
/// next one (within the recorder's bounds), so an outage delays counts instead of losing them; being refused again
/// every flush, it is logged as the scheduler logs one (<see cref="StoreOutage"/>). What the recorder
/// had to drop is logged and counted (<c>il6bot.insights.dropped</c>) after each timed flush: once an interval at most.
/// </summary>
public sealed partial class InsightsFlusher(
    InsightsRecorder recorder,
    IInsightsStore store,
    IOptions<InsightsOptions> options,
    TimeProvider time,
    ILogger<InsightsFlusher> logger,
    Il6BotMetrics? metrics = null) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Written by flushes only, which _gate serialises.
    private readonly StoreOutage _outage = new();

    // The recorder's Dropped already reported; read and written by the loop, then by the shutdown flush after it.
    private long _droppedReported;

    // Made at start, not in the loop: ExecuteAsync runs on the thread pool, so an interval counts from start-up.
    private PeriodicTimer? _timer;

    /// <summary>Writes what is pending now; <c>/insights</c> calls it so a moderator sees the last seconds too.</summary>
    /// <returns>False when the store refused the batch (it is kept for the next flush).</returns>
    public Task<bool> FlushAsync(CancellationToken cancellationToken) => ExclusiveAsync(WriteAsync, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> while no flush is writing (<c>/insights reset</c>): a batch a flush has taken can
    /// then not reach the store, or go back to the recorder, after the work has cleared it.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var batch = recorder.TakePending();
        if (batch.IsEmpty)
        {
            return true;
        }

        try
        {
            await store.AddAsync(batch, cancellationToken).ConfigureAwait(false);
            if (_outage.Succeeded())
            {
                LogStoreBack();
            }

            return true;
        }
        catch (StoreUnavailableException ex)
        {
            // The batch goes back, so every later flush has one to try: without this, a warning every interval.
            recorder.Restore(batch);
            if (_outage.Failed())
            {
                LogStoreUnavailable(ex.Message);
            }
            else
            {
                LogStoreStillUnavailable(ex.Message);
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            recorder.Restore(batch);
            throw;
        }
        catch (Exception ex)
        {
            recorder.Restore(batch);
            LogFlushFailed(ex);
            return false;
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(options.Value.FlushInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // The loop has ended; what was counted since its last flush is written now, or the shutdown would lose it.
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogShutdownFlushCancelled();
        }

        ReportDropped();
    }

    /// <summary>Logs and counts what the recorder dropped since the last report; the timed loop calls it after each flush.</summary>
    internal void ReportDropped()
    {
        var dropped = recorder.Dropped;
        var since = dropped - _droppedReported;
        if (since <= 0)
        {
            return;
        }

        _droppedReported = dropped;
        metrics?.InsightsDropped(since);
        LogDropped(since, InsightsRecorder.MaxPendingKeys, IInsightsStore.MaxSearchesPerTenantDay);
    }

    public override void Dispose()
    {
        _gate.Dispose();
        _timer?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("Started without StartAsync.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
                ReportDropped();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: StopAsync does the last flush.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Insights counts kept in memory for the next flush: {Fault}")]
    private partial void LogStoreUnavailable(string fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Insights flush refused again, store still unavailable: {Fault}")]
    private partial void LogStoreStillUnavailable(string fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "Insights: the store works again; the counts kept in memory are written")]
    private partial void LogStoreBack();

    [LoggerMessage(Level = LogLevel.Error, Message = "Insights flush failed; the counts are kept for the next flush")]
    private partial void LogFlushFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Insights: {Dropped} counts dropped since the last flush: {MaxKeys} keys were pending (the store not taking them?) or a tenant had {MaxSearches} distinct unanswered searches that day")]
    private partial void LogDropped(long dropped, int maxKeys, int maxSearches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Insights: the shutdown flush was cut short; counts of the last seconds are lost")]
    private partial void LogShutdownFlushCancelled();
}
