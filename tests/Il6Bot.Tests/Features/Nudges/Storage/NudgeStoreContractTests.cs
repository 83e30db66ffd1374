using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// What every <see cref="INudgeStore"/> does, run against each one by a subclass (SQLite, PostgreSQL, and the
/// in-memory store the scheduler tests use): the scheduler and /nudge rely on exactly this, whichever store they get.
/// This part: schedules; the other: occurrences and deliveries.
/// </summary>
public abstract partial class NudgeStoreContractTests<TStore> : IAsyncLifetime
    where TStore : class, INudgeStore
{
    /// <summary>Monday 2026-11-30 09:00 Europe/Berlin.</summary>
    protected static readonly DateTimeOffset Occurrence = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    protected static readonly DateTimeOffset NextWeek = Occurrence.AddDays(7);

    private readonly List<TStore> _stores = [];
    private TStore? _store;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    protected TStore Store => _store ?? throw new InvalidOperationException("not initialised");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        _store = await OpenAsync("host-a");
        await Store.MigrateAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Another store instance (its own connections, as another process would have) on the same database.</summary>
    protected async Task<TStore> OpenAsync(string hostName) => await TrackAsync(await CreateStoreAsync(hostName));

    /// <summary>Disposes <paramref name="store"/> with the test.</summary>
    protected Task<TStore> TrackAsync(TStore store)
    {
        _stores.Add(store);
        return Task.FromResult(store);
    }

    protected abstract Task<TStore> CreateStoreAsync(string hostName);

    protected static NewNudgeSchedule NewSchedule(
        string tenant = "guild-1",
        string channel = "chan-1",
        Platform platform = Platform.Discord,
        DateTimeOffset? nextRun = null) =>
        new(platform, tenant, channel, DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", "mod-1", nextRun ?? Occurrence, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Create_assigns_short_ids_and_round_trips_every_field()
    {
        var first = await Store.CreateAsync(NewSchedule(), Ct);
        var second = await Store.CreateAsync(NewSchedule(channel: "chan-2"), Ct);

        Assert.Equal("n1", first.Id);
        Assert.Equal("n2", second.Id);
        var stored = await Store.GetAsync(Platform.Discord, "guild-1", "n1", Ct);
        Assert.Equal(first, stored);
        Assert.NotNull(stored);
        Assert.Equal(DayOfWeek.Monday, stored.Day);
        Assert.Equal(new TimeOnly(9, 0), stored.LocalTime);
        Assert.Equal("Europe/Berlin", stored.TimeZoneId);
        Assert.Equal(Occurrence, stored.NextRunUtc);
        Assert.Equal(0, stored.RotationPosition);
        Assert.False(stored.Paused);
        Assert.False(stored.Failing);
        Assert.Null(stored.LastResult);
    }

    [Fact]
    public async Task Ids_stay_unique_across_two_store_instances_on_one_database()
    {
        var other = await OpenAsync("host-b");
        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).CreateAsync(NewSchedule(channel: $"chan-{i}"), Ct)));

        Assert.Equal(20, created.Select(s => s.Id).Distinct().Count());
        var listed = await Store.ListAsync(Platform.Discord, "guild-1", Ct);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"n{i}"), listed.Select(s => s.Id));
    }

    [Fact]
    public async Task Nobody_lists_gets_pauses_or_cancels_another_tenants_schedule()
    {
        var mine = await Store.CreateAsync(NewSchedule(tenant: "guild-1"), Ct);
        var theirs = await Store.CreateAsync(NewSchedule(tenant: "guild-2"), Ct);
        var slackSameTenantId = await Store.CreateAsync(NewSchedule(tenant: "guild-1", platform: Platform.Slack), Ct);

        Assert.Equal([mine.Id], (await Store.ListAsync(Platform.Discord, "guild-1", Ct)).Select(s => s.Id));
        Assert.Equal([theirs.Id], (await Store.ListAsync(Platform.Discord, "guild-2", Ct)).Select(s => s.Id));
        Assert.Equal([slackSameTenantId.Id], (await Store.ListAsync(Platform.Slack, "guild-1", Ct)).Select(s => s.Id));

        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", theirs.Id, Ct));
        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", slackSameTenantId.Id, Ct));
        Assert.False(await Store.CancelAsync(Platform.Discord, "guild-1", theirs.Id, Ct));
        Assert.False(await Store.SetPausedAsync(Platform.Discord, "guild-1", theirs.Id, paused: true, NextWeek, Ct));

        var untouched = await Store.GetAsync(Platform.Discord, "guild-2", theirs.Id, Ct);
        Assert.NotNull(untouched);
        Assert.False(untouched.Paused);
    }

    [Fact]
    public async Task Cancel_removes_the_schedule_from_list_get_and_due_and_stops_claims()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.True(await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct));

        Assert.False(await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct));
        Assert.Empty(await Store.ListAsync(Platform.Discord, "guild-1", Ct));
        Assert.Null(await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct));
        Assert.Empty(await Store.GetDueAsync(Occurrence, 10, Ct));
        Assert.Null(await Store.GetEarliestNextRunAsync(Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
    }

    [Fact]
    public async Task FindById_sees_any_tenants_schedule_including_cancelled_ones()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);
        await Store.CancelAsync(Platform.Discord, "guild-1", schedule.Id, Ct);

        var found = await Store.FindByIdAsync(schedule.Id, Ct);

        Assert.NotNull(found);
        Assert.Equal("guild-1", found.TenantId);
        Assert.Null(await Store.FindByIdAsync("n999999", Ct));
    }

    [Fact]
    public async Task Paused_schedule_is_not_due_and_resume_moves_next_run_without_catch_up()
    {
        var schedule = await Store.CreateAsync(NewSchedule(), Ct);

        Assert.True(await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: true, NextWeek, Ct));
        Assert.Empty(await Store.GetDueAsync(Occurrence.AddDays(1), 10, Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
        var paused = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.True(paused!.Paused);

        Assert.True(await Store.SetPausedAsync(Platform.Discord, "guild-1", schedule.Id, paused: false, NextWeek, Ct));

        var resumed = await Store.GetAsync(Platform.Discord, "guild-1", schedule.Id, Ct);
        Assert.False(resumed!.Paused);
        Assert.Equal(NextWeek, resumed.NextRunUtc);
        Assert.Empty(await Store.GetDueAsync(Occurrence.AddDays(1), 10, Ct));
        Assert.Null(await Store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 Europe/Berlin", NextWeek, Ct));
        Assert.Equal([schedule.Id], (await Store.GetDueAsync(NextWeek, 10, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task Due_selection_follows_next_run_oldest_first_up_to_the_limit()
    {
        var late = await Store.CreateAsync(NewSchedule(channel: "late", nextRun: Occurrence.AddMinutes(30)), Ct);
        var early = await Store.CreateAsync(NewSchedule(channel: "early", nextRun: Occurrence), Ct);
        var future = await Store.CreateAsync(NewSchedule(channel: "future", nextRun: Occurrence.AddHours(5)), Ct);
        var otherTenant = await Store.CreateAsync(NewSchedule(tenant: "guild-2", nextRun: Occurrence.AddMinutes(10)), Ct);

        Assert.Empty(await Store.GetDueAsync(Occurrence.AddTicks(-TimeSpan.TicksPerMillisecond), 10, Ct));
        Assert.Equal([early.Id], (await Store.GetDueAsync(Occurrence, 10, Ct)).Select(s => s.Id));
        Assert.Equal([early.Id, otherTenant.Id, late.Id], (await Store.GetDueAsync(Occurrence.AddHours(1), 10, Ct)).Select(s => s.Id));
        Assert.Equal([early.Id, otherTenant.Id], (await Store.GetDueAsync(Occurrence.AddHours(1), 2, Ct)).Select(s => s.Id));
        Assert.Equal(Occurrence, await Store.GetEarliestNextRunAsync(Ct));
        Assert.DoesNotContain(future.Id, (await Store.GetDueAsync(Occurrence.AddHours(1), 10, Ct)).Select(s => s.Id));
    }
}
