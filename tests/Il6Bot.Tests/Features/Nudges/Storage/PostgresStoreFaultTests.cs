using System.Net;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// The PostgreSQL store when the server drops its connections (a restart: <c>pg_terminate_backend</c>) or the
/// pool runs out: one clear <see cref="StoreUnavailableException"/>, nothing half-written, then recovery by itself.
/// Skipped without a server unless IL6BOT_REQUIRE_POSTGRES=1 (CI); run <c>source .ci/postgres.sh</c> first.
/// </summary>
public sealed class PostgresStoreFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Occurrence = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly List<PostgresNudgeStore> _stores = [];
    private readonly string _application = "il6bot-fault-" + Guid.NewGuid().ToString("N")[..12];
    private PostgresDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresDatabase Database => _database!;

    public async ValueTask InitializeAsync() => _database = await PostgresDatabase.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_the_server_drops_every_connection_one_operation_fails_plainly_and_the_next_ones_all_work()
    {
        var store = await OpenAsync();

        // A busy bot's pool: several idle connections, all of which the "restart" kills.
        var held = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(await store.OpenConnectionAsync(Ct));
        }

        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }

        Assert.Equal(4, await TerminateBackendsAsync());

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync(Schedule(), Ct));
        Assert.StartsWith(store.Description + ": ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", ex.Message, StringComparison.OrdinalIgnoreCase);

        // The other dead connections in the pool went with the first failure: none of them fails an operation.
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal($"n{i}", (await store.CreateAsync(Schedule(), Ct)).Id);
        }

        Assert.Null(store.CurrentFault);
        Assert.True(await store.PingAsync(Ct));
    }

    [Fact]
    public async Task A_claim_whose_connection_dies_between_its_two_writes_leaves_nothing_half_written()
    {
        var store = await OpenAsync();
        var schedule = await store.CreateAsync(Schedule(), Ct);

        // The claim moves the schedule, then inserts the delivery: hold the deliveries table so the claim stops in
        // between, with its first write done inside its transaction, and kill its connection there.
        await using var blocker = new NpgsqlConnection(Database.ConnectionString);
        await blocker.OpenAsync(Ct);
        await using var lockTransaction = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE deliveries IN EXCLUSIVE MODE", blocker, lockTransaction))
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }

        var claim = store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 UTC", Occurrence.AddDays(7), Ct);
        await WaitForLockWaitAsync();
        Assert.Equal(1, await TerminateBackendsAsync());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => claim);
        await lockTransaction.RollbackAsync(Ct);

        var unchanged = await store.GetAsync(Platform.Discord, "g1", schedule.Id, Ct);
        Assert.Equal((Occurrence, 0), (unchanged!.NextRunUtc, unchanged.RotationPosition));
        Assert.Empty(await store.GetDeliveriesAsync(schedule.Id, Ct));
        Assert.NotNull(await store.TryClaimAsync(schedule.Id, Occurrence, "2026-11-30 09:00 UTC", Occurrence.AddDays(7), Ct));
    }

    [Fact]
    public async Task When_every_pooled_connection_is_taken_an_operation_fails_plainly_and_works_once_one_is_free()
    {
        var store = await OpenAsync(builder =>
        {
            builder.MaxPoolSize = 1;
            // Npgsql uses one Timeout for connecting and for waiting on the pool; 1 s failed the migration's own
            // connect on a loaded machine, 5 s still proves the exhausted pool fails instead of hanging.
            builder.Timeout = 5;
        });
        var held = await store.OpenConnectionAsync(Ct);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAsync(Schedule(), Ct));
        Assert.Contains("Max Pool Size reached", ex.Message, StringComparison.Ordinal);

        await held.DisposeAsync();
        Assert.Equal("n1", (await store.CreateAsync(Schedule(), Ct)).Id);
    }

    [Fact]
    public async Task A_read_only_server_stays_unhealthy_while_it_still_answers_reads()
    {
        await OpenAsync();

        // What a standby, or default_transaction_read_only set by an operator, does to every transaction.
        var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionStringFor(_application)) { Options = "-c default_transaction_read_only=on" };
        await using var readOnly = new PostgresNudgeStore(builder.ConnectionString, _clock, NullLogger<PostgresNudgeStore>.Instance);

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => readOnly.CreateAsync(Schedule(), Ct));
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);

        // Reads still work on a standby, so only the probe's write can tell that the fault is not over.
        var probe = await Assert.ThrowsAsync<StoreUnavailableException>(() => readOnly.PingAsync(Ct));
        Assert.Equal(refused.Message, probe.Message);
        Assert.Equal(refused.Message, readOnly.CurrentFault);
    }

    [Fact]
    public async Task The_host_on_postgres_answers_store_unavailable_when_the_server_drops_it_and_recovers_without_a_restart()
    {
        await using var world = await DiscordWorld.StartAsync();
        var host = await world.StartHostAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = Database.ConnectionStringFor(_application),
        });
        Assert.Equal("n1", await world.ScheduleAsync(host));

        Assert.True(await TerminateBackendsAsync() > 0);
        var refused = await world.NudgeAsync(host, "list");
        Assert.Contains(CommandEngine.StoreUnavailableText, refused.Text, StringComparison.Ordinal);
        await AssertHealthAsync(host, HttpStatusCode.OK, "store: Healthy");
        Assert.Equal("n2", await world.ScheduleAsync(host, day: "tue"));

        Assert.True(await TerminateBackendsAsync() > 0);
        await AssertHealthAsync(host, HttpStatusCode.ServiceUnavailable, "store: Unhealthy (PostgreSQL ");
        await AssertHealthAsync(host, HttpStatusCode.OK, "store: Healthy");
        Assert.Contains("2 nudge schedules", (await world.NudgeAsync(host, "list")).Text, StringComparison.Ordinal);
    }

    private async Task<PostgresNudgeStore> OpenAsync(Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionStringFor(_application));
        configure?.Invoke(builder);
        var store = new PostgresNudgeStore(builder.ConnectionString, _clock, NullLogger<PostgresNudgeStore>.Instance);
        _stores.Add(store);
        await store.MigrateAsync(Ct);
        return store;
    }

    /// <summary>
    /// What a server restart does to this test's connections (and only to them: they are told apart by their
    /// application name). Returns how many there were, once they are gone.
    /// </summary>
    private async Task<int> TerminateBackendsAsync()
    {
        await using var admin = new NpgsqlConnection(Database.ConnectionString);
        await admin.OpenAsync(Ct);
        int terminated;
        await using (var terminate = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @app", admin))
        {
            terminate.Parameters.AddWithValue("app", _application);
            terminated = Convert.ToInt32(await terminate.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        await WaitUntilAsync(admin, "SELECT count(*) = 0 FROM pg_stat_activity WHERE application_name = @app");
        return terminated;
    }

    private async Task WaitForLockWaitAsync()
    {
        await using var admin = new NpgsqlConnection(Database.ConnectionString);
        await admin.OpenAsync(Ct);
        await WaitUntilAsync(admin, "SELECT count(*) = 1 FROM pg_stat_activity WHERE application_name = @app AND wait_event_type = 'Lock'");
    }

    /// <summary>Polls <paramref name="sql"/> (a boolean) until it is true; 30 s without it fails the test.</summary>
    private async Task WaitUntilAsync(NpgsqlConnection admin, string sql)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await using var command = new NpgsqlCommand(sql, admin);
        command.Parameters.AddWithValue("app", _application);
        while (!(bool)(await command.ExecuteScalarAsync(timeout.Token))!)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task AssertHealthAsync(BotHost host, HttpStatusCode expected, string line)
    {
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(line, body, StringComparison.Ordinal);
    }

    private static NewNudgeSchedule Schedule() =>
        new(Platform.Discord, "g1", "c1", DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", "mod", Occurrence, Occurrence.AddDays(-7));
}
