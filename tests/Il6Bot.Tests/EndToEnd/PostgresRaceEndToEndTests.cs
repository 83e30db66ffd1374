using System.Text.Json;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Tests.Features.Nudges.Scheduling;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Two real bot processes' worth of hosts on one PostgreSQL database (separate connection pools), both posting
/// to the same fake Discord: every due occurrence is claimed by one of them and posted once.
/// Skipped without a server unless IL6BOT_REQUIRE_POSTGRES=1 (CI); run <c>source .ci/postgres.sh</c> first.
/// </summary>
public sealed class PostgresRaceEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    private DiscordWorld _world = null!;
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync()
    {
        _world = await DiscordWorld.StartAsync();
        _database = await PostgresDatabase.CreateAsync(E2E.Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _world.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private Task<BotHost> StartHostAsync(string name) => _world.StartHostAsync(settings: new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = _database!.ConnectionStringFor(name),
    });

    [Fact]
    public async Task Two_hosts_racing_for_the_same_due_occurrences_post_each_once()
    {
        var a = await StartHostAsync("il6bot-e2e-a");
        var b = await StartHostAsync("il6bot-e2e-b");
        const int Schedules = 6;
        var ids = new List<string>();
        for (var i = 0; i < Schedules; i++)
        {
            // Made on either host: both see the same store.
            ids.Add(await _world.ScheduleAsync(i % 2 == 0 ? a : b));
        }

        Assert.Contains($"{Schedules} nudge schedules", (await _world.NudgeAsync(b, "list")).Text, StringComparison.Ordinal);

        foreach (var week in new[] { 0, 1, 2 })
        {
            var occurrence = FirstMonday.AddDays(7 * week);
            _world.Clock.JumpTo(occurrence);
            var ticks = await Task.WhenAll(
                E2E.Scheduler(a).RunOnceAsync(E2E.Ct),
                E2E.Scheduler(b).RunOnceAsync(E2E.Ct));

            Assert.Equal(Schedules, ticks.Sum(t => t.Posted));
            Assert.All(ticks, t => Assert.Equal(0, t.Errors + t.Failed));
            var nonces = _world.MessagePosts().Select(p => p.Json.GetProperty("nonce").GetString()).ToList();
            Assert.Equal(Schedules * (week + 1), nonces.Count);
            Assert.Equal(nonces.Count, nonces.Distinct().Count());
            Assert.All(ids, id => Assert.Contains($"{id}-{occurrence.ToUnixTimeSeconds()}", nonces));
        }

        Assert.Equal(Schedules * 3, _world.Fake.MessagesCreated);
    }

    [Fact]
    public async Task The_loser_of_a_race_posts_nothing_and_both_list_the_result()
    {
        var a = await StartHostAsync("il6bot-e2e-a");
        var b = await StartHostAsync("il6bot-e2e-b");
        await _world.ScheduleAsync(a);

        _world.Clock.JumpTo(FirstMonday);
        var ticks = await Task.WhenAll(
            E2E.Scheduler(a).RunOnceAsync(E2E.Ct),
            E2E.Scheduler(b).RunOnceAsync(E2E.Ct));

        Assert.Equal([0, 1], ticks.Select(t => t.Posted).Order());
        Assert.Single(_world.MessagePosts());
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(a, "list")).Text, StringComparison.Ordinal);
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(b, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hosts_background_loops_both_wake_at_the_occurrence_and_post_it_once()
    {
        var ticksA = new Il6Bot.Tests.Features.Nudges.Scheduling.SchedulerTicks();
        var ticksB = new Il6Bot.Tests.Features.Nudges.Scheduling.SchedulerTicks();
        var a = await StartLoopHostAsync("il6bot-e2e-a", ticksA);
        var b = await StartLoopHostAsync("il6bot-e2e-b", ticksB);
        await _world.ScheduleAsync(a);

        // Both loops asleep; 10 s before the occurrence a poll wakes each, and each then sleeps exactly until it.
        await Task.WhenAll(ticksA.WaitForSleepAsync(1, E2E.Ct), ticksB.WaitForSleepAsync(1, E2E.Ct));
        _world.Clock.JumpTo(FirstMonday.AddSeconds(-10));
        _world.Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.WhenAll(ticksA.WaitForSleepAsync(2, E2E.Ct), ticksB.WaitForSleepAsync(2, E2E.Ct));
        Assert.Empty(_world.MessagePosts());

        var posted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = 0;
        void Count(Il6Bot.Features.Nudges.Scheduling.TickSummary summary)
        {
            if (Interlocked.Add(ref total, summary.Posted) > 0)
            {
                posted.TrySetResult();
            }
        }

        ticksA.Completed += Count;
        ticksB.Completed += Count;
        _world.Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.WhenAll(ticksA.WaitForSleepAsync(3, E2E.Ct), ticksB.WaitForSleepAsync(3, E2E.Ct));
        await posted.Task.WaitAsync(E2E.Timeout, E2E.Ct);

        Assert.Equal(FirstMonday, _world.Clock.GetUtcNow());
        Assert.Equal(1, total);
        Assert.Single(_world.MessagePosts());
        Assert.Equal(1, _world.Fake.MessagesCreated);
        Assert.Contains("Last result: posted", (await _world.NudgeAsync(b, "list")).Text, StringComparison.Ordinal);
    }

    private Task<BotHost> StartLoopHostAsync(string name, Il6Bot.Tests.Features.Nudges.Scheduling.SchedulerTicks ticks) => _world.StartHostAsync(
        settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = _database!.ConnectionStringFor(name),
            [Il6Bot.Tests.Features.Nudges.Scheduling.SchedulerTicks.DebugLevel.Key] = Il6Bot.Tests.Features.Nudges.Scheduling.SchedulerTicks.DebugLevel.Value,
        },
        configure: builder => builder.Logging.AddProvider(ticks));
}
