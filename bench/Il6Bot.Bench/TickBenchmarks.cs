using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Bench;

/// <summary>
/// The cost of one scheduler tick's store work on a store of 100 vs 100,000 schedules with the same 5 due.
/// A ratio near 1 means the tick grows with what is due, not with what is stored.
/// The store files are prepared by <see cref="NudgeBench"/> before BenchmarkDotNet starts (paths in env vars).
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TickBenchmarks
{
    public const string SmallEnv = "IL6BENCH_SMALL_DB";
    public const string LargeEnv = "IL6BENCH_LARGE_DB";
    public const string NowEnv = "IL6BENCH_NOW_MS";

    private SqliteNudgeStore _small = null!;
    private SqliteNudgeStore _large = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _small = new SqliteNudgeStore(Environment.GetEnvironmentVariable(SmallEnv)!, TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance);
        _large = new SqliteNudgeStore(Environment.GetEnvironmentVariable(LargeEnv)!, TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance);
        _now = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Environment.GetEnvironmentVariable(NowEnv)!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _small.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _large.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("tick: due query")]
    public Task<IReadOnlyList<NudgeSchedule>> GetDue_100_stored_5_due() => _small.GetDueAsync(_now, NudgeScheduler.BatchSize, CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("tick: due query")]
    public Task<IReadOnlyList<NudgeSchedule>> GetDue_100000_stored_5_due() => _large.GetDueAsync(_now, NudgeScheduler.BatchSize, CancellationToken.None);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("idle: earliest next run")]
    public Task<DateTimeOffset?> GetEarliestNextRun_100_stored() => _small.GetEarliestNextRunAsync(CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("idle: earliest next run")]
    public Task<DateTimeOffset?> GetEarliestNextRun_100000_stored() => _large.GetEarliestNextRunAsync(CancellationToken.None);
}
