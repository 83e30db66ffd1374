using System.Diagnostics.Metrics;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Transports;

namespace Il6Bot.Observability;

/// <summary>
/// The bot's own instruments, on the <see cref="MeterName"/> meter: the one place they are defined and named
/// (README "Metrics" lists them). The core records through it; every attribute list is built in advance, so
/// recording allocates nothing, and with no listener (metrics off, no OTLP) an instrument is a flag check.
/// </summary>
public sealed class Il6BotMetrics
{
    public const string MeterName = "Il6Bot";

    // Seconds; commands answer in well under a millisecond from prepared content, or wait on a platform or the store.
    private static readonly double[] CommandBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // Seconds after the occurrence: a tick every 15 s, a post's retries, up to the misfire grace (an hour by default).
    private static readonly double[] LatenessBuckets = [1, 5, 10, 15, 20, 30, 45, 60, 120, 300, 600, 1800, 3600];

    private static readonly double[] WaitBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

    private readonly TimeProvider _time;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _commandDuration;
    private readonly Counter<long> _searches;
    private readonly Counter<long> _nudges;
    private readonly Histogram<double> _nudgeLateness;
    private readonly Histogram<double> _rateLimitWaits;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _contentReloads;
    private readonly Counter<long> _insightsDropped;

    private readonly KeyValuePair<string, object?>[][] _searchTags = MetricTags.PerValue<SearchResultKind>(MetricTags.Result);
    private readonly KeyValuePair<string, object?>[][][] _nudgeTags = MetricTags.PerPlatformAnd<NudgeOutcome>(MetricTags.Outcome);
    private readonly KeyValuePair<string, object?>[][] _platformTags = MetricTags.PerPlatform();
    private readonly KeyValuePair<string, object?>[][] _reloadTags = MetricTags.PerValue<ContentReloadOutcome>(MetricTags.Outcome);
    private readonly TransportStateReadings _transports;

    public Il6BotMetrics(IMeterFactory meterFactory, TimeProvider time, IEnumerable<TransportStatus> transports)
    {
        _time = time;
        var meter = meterFactory.Create(new MeterOptions(MeterName));
        _commands = meter.CreateCounter<long>("il6bot.commands", "{command}", "Commands handled by the engine.");
        _commandDuration = meter.CreateHistogram<double>("il6bot.command.duration", "s", "Time from a command reaching the engine to its answer being ready.", advice: new() { HistogramBucketBoundaries = CommandBuckets });
        _searches = meter.CreateCounter<long>("il6bot.searches", "{search}", "/il6 topics that were not a section name, by whether the search found a good match.");
        _nudges = meter.CreateCounter<long>("il6bot.nudges", "{nudge}", "Scheduled nudge occurrences, by outcome: posted, failed, failed_permanently or skipped.");
        _nudgeLateness = meter.CreateHistogram<double>("il6bot.nudge.lateness", "s", "Time from a nudge's occurrence to the platform's answer to its post.", advice: new() { HistogramBucketBoundaries = LatenessBuckets });
        _rateLimitWaits = meter.CreateHistogram<double>("il6bot.rate_limit.wait.duration", "s", "Waits before a platform API call to stay within its rate limits (its count is the number of waits).", advice: new() { HistogramBucketBoundaries = WaitBuckets });
        _rateLimitRejections = meter.CreateCounter<long>("il6bot.rate_limit.rejections", "{response}", "HTTP 429 answers from a platform's API.");
        _contentReloads = meter.CreateCounter<long>("il6bot.content.reloads", "{reload}", "Reloads after a content edit: ok (swapped in) or rejected (the last good content stays).");
        _insightsDropped = meter.CreateCounter<long>("il6bot.insights.dropped", "{count}", "Insights increments not kept because the recorder's bounds were reached (keys pending, or distinct unanswered searches a tenant and day).");
        _transports = new TransportStateReadings(transports);
        meter.CreateObservableGauge("il6bot.transport.state", _transports.Observe, description: "1 for each connection's current state (connecting, connected, reconnecting, stopped), 0 for the others.");
    }

    /// <summary>A timestamp for <see cref="CommandHandled"/>, or 0 when nobody listens for durations.</summary>
    public long CommandStarting() => _commandDuration.Enabled ? _time.GetTimestamp() : 0;

    /// <summary>Counts a command and its duration, once: a <see cref="CommandRequest.IsRepeat"/> copy was counted as the first.</summary>
    public void CommandHandled(CommandTagTable command, CommandRequest request, CommandOutcome outcome, long started)
    {
        if (request.IsRepeat)
        {
            return;
        }

        var tags = command.For(request.Platform, request.Transport, outcome);
        _commands.Add(1, tags);
        if (started != 0)
        {
            _commandDuration.Record(_time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    /// <summary>Counts an <c>/il6</c> search for <paramref name="request"/>, once, as <see cref="CommandHandled"/> counts commands.</summary>
    public void Searched(CommandRequest request, SearchResultKind result)
    {
        if (!request.IsRepeat)
        {
            _searches.Add(1, _searchTags[MetricTags.Index(result)]);
        }
    }

    /// <summary>A scheduled post has its answer; the lateness is measured now, before the outcome is stored.</summary>
    public void NudgePosted(Platform platform, PostOutcome outcome, DateTimeOffset occurrenceUtc)
    {
        var kind = outcome switch
        {
            PostOutcome.Posted => NudgeOutcome.Posted,
            PostOutcome.PermanentFailure => NudgeOutcome.FailedPermanently,
            _ => NudgeOutcome.Failed,
        };
        _nudges.Add(1, _nudgeTags[MetricTags.Index(platform)][MetricTags.Index(kind)]);
        if (kind == NudgeOutcome.Posted)
        {
            _nudgeLateness.Record((_time.GetUtcNow() - occurrenceUtc).TotalSeconds, _platformTags[MetricTags.Index(platform)]);
        }
    }

    public void NudgeSkipped(Platform platform) =>
        _nudges.Add(1, _nudgeTags[MetricTags.Index(platform)][MetricTags.Index(NudgeOutcome.Skipped)]);

    public void RateLimitWaited(Platform platform, TimeSpan wait) =>
        _rateLimitWaits.Record(wait.TotalSeconds, _platformTags[MetricTags.Index(platform)]);

    public void RateLimited(Platform platform) => _rateLimitRejections.Add(1, _platformTags[MetricTags.Index(platform)]);

    public void ContentReloaded(ContentReloadOutcome outcome) => _contentReloads.Add(1, _reloadTags[MetricTags.Index(outcome)]);

    public void InsightsDropped(long count) => _insightsDropped.Add(count);

    private enum NudgeOutcome
    {
        Posted,
        Failed,
        FailedPermanently,
        Skipped,
    }
}
