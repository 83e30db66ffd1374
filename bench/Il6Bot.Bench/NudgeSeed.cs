using System.Globalization;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Bench;

/// <summary>
/// Builds SQLite nudge stores for the scale benchmark: the schema comes from the real store's migrations; the rows
/// are bulk-inserted in one transaction (100,000 <c>CreateAsync</c> calls would each pay a WAL commit) with exactly
/// the columns <c>CreateAsync</c> writes, then read back through the store to prove they parse.
/// </summary>
public static class NudgeSeed
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <param name="total">schedules stored.</param>
    /// <param name="dueTimes">next-run instants of the due ones (≤ now); every other schedule is due later this week.</param>
    /// <param name="channelOf">channel id of schedule i (due ones first).</param>
    /// <param name="platform">stored platform of every schedule (<c>discord</c> or <c>slack</c>).</param>
    public static async Task<string> CreateAsync(string path, int total, IReadOnlyList<DateTimeOffset> dueTimes, Func<int, string> channelOf, DateTimeOffset now, string platform = "discord")
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var connectionString = $"Data Source={path}";
        await using (var store = new SqliteNudgeStore(connectionString, TimeProvider.System, NullLogger<SqliteNudgeStore>.Instance))
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        await using (var connection = new SqliteConnection(connectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText =
                "INSERT INTO schedules (id, platform, tenant_id, channel_id, day, local_time, time_zone, created_by, paused, cancelled, " +
                "rotation_position, next_run_utc, created_at) VALUES (@id, @platform, @tenant, @channel, @day, @time, 'UTC', 'U0BENCH', FALSE, FALSE, @rot, @next, @created)";
            insert.Parameters.AddWithValue("@platform", platform);
            var id = insert.Parameters.Add("@id", SqliteType.Text);
            var tenant = insert.Parameters.Add("@tenant", SqliteType.Text);
            var channel = insert.Parameters.Add("@channel", SqliteType.Text);
            var day = insert.Parameters.Add("@day", SqliteType.Text);
            var time = insert.Parameters.Add("@time", SqliteType.Text);
            var rot = insert.Parameters.Add("@rot", SqliteType.Integer);
            var next = insert.Parameters.Add("@next", SqliteType.Integer);
            var created = insert.Parameters.Add("@created", SqliteType.Integer);
            created.Value = now.AddDays(-30).ToUnixTimeMilliseconds();
            var later = now.AddHours(1);
            var spread = TimeSpan.FromDays(6).Ticks / Math.Max(1, total - dueTimes.Count);
            for (var i = 0; i < total; i++)
            {
                // Not-due schedules: from an hour ahead, spread over the rest of the week, on whole minutes.
                var run = i < dueTimes.Count ? dueTimes[i] : later.AddTicks(spread * (i - dueTimes.Count));
                if (i >= dueTimes.Count)
                {
                    run = new DateTimeOffset(run.Year, run.Month, run.Day, run.Hour, run.Minute, 0, TimeSpan.Zero);
                }

                id.Value = "b" + i.ToString(CultureInfo.InvariantCulture);
                tenant.Value = "1000000000000" + (i % 1000).ToString("D6", CultureInfo.InvariantCulture);
                channel.Value = channelOf(i);
                day.Value = DayNames[(int)run.DayOfWeek];
                time.Value = run.ToString("HH:mm", CultureInfo.InvariantCulture);
                rot.Value = i % 19;
                next.Value = run.ToUnixTimeMilliseconds();
                await insert.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        SqliteConnection.ClearAllPools();
        return connectionString;
    }

    /// <summary>SQLite's plan for the store's due query (proves the next-run index is used).</summary>
    public static async Task<string> DuePlanAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + AdoNudgeStore.DueSql;
        command.Parameters.AddWithValue("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@limit", 100);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join("; ", lines);
    }
}
