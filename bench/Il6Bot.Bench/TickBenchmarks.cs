using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Il6Bot.Nudges;
using Il6Bot.Nudges.Storage;
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

    [Benchmark(Baseline = true, Description = "GetDueAsync, 100 stored / 5 due")]
    [BenchmarkCategory("tick: due query")]
    public Task<IReadOnlyList<NudgeSchedule>> DueSmall() => _small.GetDueAsync(_now, NudgeScheduler.BatchSize, CancellationToken.None);

    [Benchmark(Description = "GetDueAsync, 100,000 stored / 5 due")]
    [BenchmarkCategory("tick: due query")]
    public Task<IReadOnlyList<NudgeSchedule>> DueLarge() => _large.GetDueAsync(_now, NudgeScheduler.BatchSize, CancellationToken.None);

    [Benchmark(Baseline = true, Description = "GetEarliestNextRunAsync, 100 stored")]
    [BenchmarkCategory("idle: earliest next run")]
    public Task<DateTimeOffset?> EarliestSmall() => _small.GetEarliestNextRunAsync(CancellationToken.None);

    [Benchmark(Description = "GetEarliestNextRunAsync, 100,000 stored")]
    [BenchmarkCategory("idle: earliest next run")]
    public Task<DateTimeOffset?> EarliestLarge() => _large.GetEarliestNextRunAsync(CancellationToken.None);
}
