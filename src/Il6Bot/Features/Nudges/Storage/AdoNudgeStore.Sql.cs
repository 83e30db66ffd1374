using System.Data.Common;
using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>The ADO.NET plumbing every operation shares: commands, parameters, row readers and stored forms.</summary>
public abstract partial class AdoNudgeStore
{
    internal static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = CreateCommand(connection, transaction, sql, parameters);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        QueryAsync(connection, null, sql, read, cancellationToken, parameters);

    internal static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = CreateCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every SQL text is a constant of this assembly; values only ever travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static NudgeSchedule ReadSchedule(DbDataReader reader) => new(
        reader.GetString(0),
        ParsePlatform(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        (DayOfWeek)Array.IndexOf(DayNames, reader.GetString(4)),
        TimeOnly.ParseExact(reader.GetString(5), "HH:mm", CultureInfo.InvariantCulture),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetBoolean(8),
        ToInt(reader.GetValue(9)),
        FromMs(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : FromMs(reader.GetInt64(12)),
        reader.GetBoolean(13),
        FromMs(reader.GetInt64(14)))
    {
        EditedBy = reader.IsDBNull(15) ? null : reader.GetString(15),
        EditedAt = reader.IsDBNull(16) ? null : FromMs(reader.GetInt64(16)),
        Mention = reader.IsDBNull(17) ? null : MentionTarget.FromText(reader.GetString(17)),
        Topics = reader.IsDBNull(18) ? null : reader.GetString(18),
        SkipUtc = reader.IsDBNull(19) ? null : FromMs(reader.GetInt64(19)),
        Cancelled = reader.GetBoolean(20),
    };

    private static NudgeDelivery ReadDelivery(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        FromMs(reader.GetInt64(2)),
        reader.GetString(3),
        ToInt(reader.GetValue(4)),
        reader.GetString(5),
        ParseState(reader.GetString(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        FromMs(reader.GetInt64(9)))
    {
        ChannelId = reader.IsDBNull(10) ? null : reader.GetString(10),
        Mention = reader.IsDBNull(11) ? null : MentionTarget.FromText(reader.GetString(11)),
        Topics = reader.IsDBNull(12) ? null : reader.GetString(12),
    };

    private static string LastResult(DeliveryState state, string occurrenceLocal, string? error) => state switch
    {
        DeliveryState.Sent => $"posted {occurrenceLocal}",
        DeliveryState.Failed => $"failed {occurrenceLocal}: {error ?? "unknown error"}",
        DeliveryState.Skipped => $"skipped {occurrenceLocal}: {error ?? "missed"}",
        DeliveryState.Unknown => $"unknown {occurrenceLocal}: {error ?? "may not have been posted"}",
        _ => $"sending {occurrenceLocal}",
    };

    private static string PlatformText(Platform platform) => platform.ToString().ToLowerInvariant();

    private static Platform ParsePlatform(string text) => Enum.Parse<Platform>(text, ignoreCase: true);

    private static string StateText(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static DeliveryState ParseState(string text) => Enum.Parse<DeliveryState>(text, ignoreCase: true);

    private static int ToInt(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static long Ms(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private long Now() => Ms(_time.GetUtcNow());
}
