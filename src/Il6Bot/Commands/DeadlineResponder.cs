using Il6Bot.Hosting;

namespace Il6Bot.Commands;

/// <summary>
/// One platform's "answer within the deadline, or acknowledge and finish later": races slow work against the
/// platform's deadline, runs the late answers in the background, and on graceful shutdown waits for them
/// (<see cref="DrainAsync"/>, in <see cref="StoppedAsync"/>, after the transports have stopped so no new
/// commands arrive) until the host's shutdown deadline. Adapters map the immediate or late answer to their wire
/// format; an answer that is already complete never reaches this class, so it costs no timer or state machine.
/// </summary>
/// <param name="answers">What a late answer is called in logs (e.g. <c>slash-command</c>).</param>
public sealed partial class DeadlineResponder(string answers, TimeProvider time, ILogger<DeadlineResponder> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _late = new();

    // Cancelled only when a drain runs out of time: until then answers keep going, also while the host stops.
    private readonly CancellationTokenSource _abandon = new();

    /// <summary>For work that may be answered late: it must outlive the request, and the host stopping lets it
    /// finish rather than dropping it. Cancelled only when the shutdown deadline abandons late answers.</summary>
    public CancellationToken LateAnswerToken => _abandon.Token;

    /// <summary>True when <paramref name="work"/> completes before <paramref name="deadline"/>; false when the
    /// caller should acknowledge now and finish through <see cref="FinishLater"/>.</summary>
    public async Task<bool> CompletesWithinAsync(Task work, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(deadline, time, stopTimer.Token);
        if (await Task.WhenAny(work, timer).ConfigureAwait(false) == work)
        {
            await stopTimer.CancelAsync().ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="deliver"/> in the background (after the caller has its acknowledgement) and tracks it
    /// until it ends, so a shutdown waits for it. Failures and abandonment are logged, never thrown.
    /// </summary>
    /// <param name="command">Names the answer in logs.</param>
    /// <returns>Completes when the answer has been delivered, has failed or was abandoned.</returns>
    public Task FinishLater(string command, Func<CancellationToken, Task> deliver)
    {
        var late = DeliverAsync(command, deliver);
        _late.TryAdd(late, 0);
        _ = late.ContinueWith(done => _late.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return late;
    }

    /// <summary>
    /// Completes when every late answer in flight has been delivered (or has failed and been logged). When
    /// <paramref name="cancellationToken"/> fires first (the shutdown deadline), the rest are abandoned and logged.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (_late.Keys.Where(f => !f.IsCompleted).ToArray() is { Length: > 0 } pending)
            {
                LogDraining(pending.Length, answers);
                await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var pending = _late.Keys.Where(f => !f.IsCompleted).ToArray();
            LogDrainDeadline(pending.Length, answers);
            await _abandon.CancelAsync().ConfigureAwait(false);

            // Each late answer stops at the cancellation (even if the engine ignores it) and logs what it dropped.
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    public void Dispose() => _abandon.Dispose();

    private async Task DeliverAsync(string command, Func<CancellationToken, Task> deliver)
    {
        // Yield so the caller sends its acknowledgement before any of this runs.
        await Task.Yield();
        try
        {
            await deliver(_abandon.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            LogAbandoned(command);
        }
        catch (Exception ex)
        {
            LogFailed(ex, command);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} late {Answers} answers")]
    private partial void LogDraining(int count, string answers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown deadline reached with {Count} late {Answers} answers undelivered; abandoning them")]
    private partial void LogDrainDeadline(int count, string answers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Late answer to {Command} dropped: the host stopped before it was delivered")]
    private partial void LogAbandoned(LogText command);

    [LoggerMessage(Level = LogLevel.Error, Message = "Posting the late answer to {Command} failed")]
    private partial void LogFailed(Exception ex, LogText command);
}
