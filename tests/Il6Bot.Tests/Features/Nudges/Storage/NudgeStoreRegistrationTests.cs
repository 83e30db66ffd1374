using System.Net;
using System.Net.Sockets;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>The store as the real host wires it: provider choice, start-up validation, migration, health.</summary>
public sealed class NudgeStoreRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_host_uses_a_migrated_sqlite_store_and_reports_it_healthy()
    {
        await using var host = await BotHost.StartAsync(cancellationToken: Ct);

        var store = Assert.IsType<SqliteNudgeStore>(host.Services.GetRequiredService<INudgeStore>());
        Assert.Equal(Path.Combine(host.TempDir, "il6bot.db"), store.DataSource);
        Assert.Empty(await store.ListAsync(Platform.Discord, "guild-1", Ct));
        var health = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Contains("store: Healthy", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schedule_survives_a_restart_on_the_same_file()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-restart-").FullName;
        string id;
        await using (var first = await BotHost.StartAsync(tempDir: dir, cancellationToken: Ct))
        {
            var created = await first.Services.GetRequiredService<INudgeStore>().CreateAsync(
                new NewNudgeSchedule(Platform.Slack, "T1", "C1", DayOfWeek.Friday, new TimeOnly(17, 30), "America/New_York", "U1", DateTimeOffset.UnixEpoch.AddYears(60), DateTimeOffset.UnixEpoch.AddYears(60)),
                Ct);
            id = created.Id;
        }

        await using var second = await BotHost.StartAsync(tempDir: dir, cancellationToken: Ct);
        var listed = Assert.Single(await second.Services.GetRequiredService<INudgeStore>().ListAsync(Platform.Slack, "T1", Ct));
        Assert.Equal((id, DayOfWeek.Friday, new TimeOnly(17, 30), "America/New_York"), (listed.Id, listed.Day, listed.LocalTime, listed.TimeZoneId));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_naming_the_key()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = "" },
            cancellationToken: Ct));

        Assert.Contains("Storage:ConnectionString is required when Storage:Provider is Postgres", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_postgres_stops_start_up_with_a_clear_message_and_no_password()
    {
        var port = FreeLoopbackPort();
        var ex = await Assert.ThrowsAsync<Il6Bot.Hosting.StartupException>(() => BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=il6bot;Username=il6bot;Password=hunter2-secret;Timeout=3",
            },
            cancellationToken: Ct));

        Assert.Contains($"PostgreSQL 127.0.0.1:{port}/il6bot as il6bot", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "Data Source=:memory:", "not an in-memory database")]
    [InlineData(StorageProvider.Sqlite, "Data Source=x.db;Bogus Key=1", "not a valid SQLite connection string")]
    [InlineData(StorageProvider.Postgres, "Host=h;Bogus Key=1", "not a valid PostgreSQL connection string")]
    [InlineData(StorageProvider.Postgres, "   ", "Storage:ConnectionString is required")]
    [InlineData(StorageProvider.Sqlite, "postgres://bot:pw@db/il6bot", "Storage:ConnectionString looks like a URL")]
    [InlineData(StorageProvider.Postgres, "postgresql://bot:pw@db/il6bot?sslmode=require", "Storage:ConnectionString looks like a URL")]
    public void Bad_storage_settings_fail_validation_with_the_key_named(StorageProvider provider, string connectionString, string expected)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = provider, ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Storage:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "")]
    [InlineData(StorageProvider.Sqlite, "state/bot.db")]
    [InlineData(StorageProvider.Sqlite, "Data Source=/var/lib/il6bot/il6bot.db;Cache=Shared")]
    [InlineData(StorageProvider.Sqlite, "Data Source=file:///var/lib/il6bot/il6bot.db?mode=rwc")]
    [InlineData(StorageProvider.Postgres, "Host=db;Database=il6bot;Username=bot;Password=pw")]
    public void Good_storage_settings_pass_validation(StorageProvider provider, string connectionString)
    {
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = provider, ConnectionString = connectionString }).Succeeded);
    }

    [Theory]
    [InlineData("", "data/il6bot.db")]
    [InlineData("state/bot.db", "state/bot.db")]
    [InlineData("Data Source=nested/dir/bot.db", "nested/dir/bot.db")]
    public void Sqlite_paths_resolve_under_the_content_root_and_the_folder_is_created(string configured, string expectedRelative)
    {
        var root = Directory.CreateTempSubdirectory("il6bot-root-").FullName;
        try
        {
            var connectionString = NudgeStoreFactory.SqliteConnectionString(configured, root);

            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            Assert.Equal(Path.GetFullPath(Path.Combine(root, expectedRelative)), file);
            Assert.True(Directory.Exists(Path.GetDirectoryName(file)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
