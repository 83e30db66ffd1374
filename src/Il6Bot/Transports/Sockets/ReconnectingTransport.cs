namespace Il6Bot.Transports.Sockets;

/// <summary>
/// A long-lived outbound connection to a platform (Discord Gateway, Slack Socket Mode) kept up for the
/// host's lifetime. The loop here owns what every such transport shares: the capped, jittered backoff
/// between attempts, the status (<c>/healthz</c>, logs), stopping for good on a fatal end, and draining at
/// the end of the run. A transport implements only <see cref="ConnectOnceAsync"/>: connect once and run
/// until there is a reason to end.
/// </summary>
public abstract class ReconnectingTransport : IDisposable
{
    private readonly TransportStatus _status;
    private readonly ReconnectBackoff _backoff;

    protected ReconnectingTransport(TransportStatus status, TimeProvider time, Random random)
    {
        _status = status;
        Time = time;
        Random = random;
        _backoff = new ReconnectBackoff(random);
    }

    protected TimeProvider Time { get; }

    protected Random Random { get; }

    /// <summary>The setting that is missing or wrong, as an operator-facing error; null when it can run.</summary>
    protected abstract string? ConfigurationProblem { get; }

    /// <summary>What the next attempt does, as the status says it: "{reason}; {NextAttempt} in 1.5 s".</summary>
    protected abstract string NextAttempt { get; }

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> fires or a fatal end; never throws for a connection
    /// failure. Whatever ended it, <see cref="DrainAsync"/> runs before it returns.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (ConfigurationProblem is { } problem)
        {
            _status.Fail(problem);
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var end = await ConnectOnceOrExplainAsync(stoppingToken).ConfigureAwait(false);
                if (end is TransportEnd.Fatal fatal)
                {
                    _status.Fail(fatal.Reason);
                    return;
                }

                if (end is TransportEnd.Stopped || !await PrepareNextAttemptAsync(end, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            _status.Set(TransportState.Stopped, "shut down");
        }
        finally
        {
            await DrainAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Connects once and runs until the connection ends. Cancellation by <paramref name="stoppingToken"/>, a
    /// <see cref="TransportFatalException"/> and any other failure to connect may be thrown; the loop turns
    /// them into <see cref="TransportEnd.Stopped"/>, <see cref="TransportEnd.Fatal"/> and a backed-off
    /// <see cref="TransportEnd.Retry"/>.
    /// </summary>
    protected abstract Task<TransportEnd> ConnectOnceAsync(CancellationToken stoppingToken);

    /// <summary>
    /// Lets work still in flight finish within a bound and closes what is left open; called once the loop
    /// ended, on shutdown and after a fatal end alike.
    /// </summary>
    protected abstract Task DrainAsync();

    protected virtual void Dispose(bool disposing)
    {
    }

    protected void ReportConnecting(string detail) => _status.Set(TransportState.Connecting, detail);

    /// <summary>A session is up, so the next outage starts again with a quick retry.</summary>
    protected void ReportConnected(string detail) => ReportEstablished(TransportState.Connected, detail);

    /// <inheritdoc cref="ReportConnected"/>
    protected void ReportResumed(string detail) => ReportEstablished(TransportState.Resumed, detail);

    /// <summary>Waits with the status saying so (Reconnecting, with the time left).</summary>
    protected async Task WaitAsync(TimeSpan delay, string detail, CancellationToken cancellationToken)
    {
        // Arm the timer before announcing it, so whoever reacts to the state sees the wait in place.
        var wait = Task.Delay(delay, Time, cancellationToken);
        _status.Set(TransportState.Reconnecting, detail, delay);
        await wait.ConfigureAwait(false);
    }

    private void ReportEstablished(TransportState state, string detail)
    {
        _backoff.Reset();
        _status.Set(state, detail);
    }

    private async Task<TransportEnd> ConnectOnceOrExplainAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await ConnectOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new TransportEnd.Stopped();
        }
        catch (TransportFatalException ex)
        {
            return new TransportEnd.Fatal(ex.Message);
        }
        catch (Exception ex)
        {
            return new TransportEnd.Retry($"could not connect: {ex.Message}");
        }
    }

    /// <returns>False when shutting down.</returns>
    private async Task<bool> PrepareNextAttemptAsync(TransportEnd end, CancellationToken stoppingToken)
    {
        switch (end)
        {
            case TransportEnd.Replace replace:
                _status.Set(TransportState.Reconnecting, replace.Detail);
                return true;
            case TransportEnd.Retry retry:
                var delay = retry.Delay ?? _backoff.Next();
                try
                {
                    await WaitAsync(delay, $"{retry.Reason}; {NextAttempt} in {delay.TotalSeconds:0.0} s", stoppingToken).ConfigureAwait(false);
                    return true;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

            default:
                throw new InvalidOperationException($"the reconnect loop does not know what to do after {end}");
        }
    }
}
