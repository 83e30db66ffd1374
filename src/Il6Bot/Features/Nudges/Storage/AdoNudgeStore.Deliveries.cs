using System.Data.Common;
using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>Deliveries: claiming an occurrence, recording its outcome, and the request and manual-post claims.</summary>
public abstract partial class AdoNudgeStore
{
    public Task<NudgeDelivery?> TryClaimAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TryClaimCoreAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, cancellationToken));

    private async Task<NudgeDelivery?> TryClaimCoreAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        // The claim itself: only the caller whose UPDATE still finds next_run_utc at this occurrence gets a
        // row back. Under READ COMMITTED a concurrent claimer blocks on the row lock, re-reads it after our
        // commit and matches nothing; SQLite's write lock serialises the same way. The same statement returns
        // where and how the occurrence is posted, so no edit can slip in between the claim and what it posts.
        var rows = await QueryAsync(
            connection,
            transaction,
            "UPDATE schedules SET next_run_utc = @next, rotation_position = rotation_position + 1 " +
            "WHERE id = @id AND next_run_utc = @occurrence AND NOT paused AND NOT cancelled " +
            "RETURNING rotation_position - 1, channel_id, mention, topics",
            reader => new Claimed(
                ToInt(reader.GetValue(0)),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)),
            cancellationToken,
            ("id", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("next", Ms(nextRunUtc)));
        if (rows.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogClaimLost(scheduleId, occurrenceUtc);
            return null;
        }

        var claimed = rows[0];
        var oldPosition = claimed.Position;
        var now = Now();
        var key = IdempotencyKey(scheduleId, occurrenceUtc);
        var deliveryId = await InsertDeliveryAsync(
            connection, transaction, scheduleId, occurrenceUtc, occurrenceLocal, oldPosition, key, DeliveryState.Sending, null, now, cancellationToken, claimed);
        if (deliveryId is null)
        {
            // The unique (schedule, occurrence) row is the backstop: next_run_utc pointed at an occurrence that
            // already has a delivery, so it is not posted again. The schedule still moves past it (or every
            // tick would retry it forever) but the rotation keeps its place, since nothing new is posted.
            await ExecuteAsync(connection, transaction, "UPDATE schedules SET rotation_position = rotation_position - 1 WHERE id = @id", cancellationToken, ("id", scheduleId));
            await transaction.CommitAsync(cancellationToken);
            LogAlreadyDelivered(scheduleId, occurrenceUtc);
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return new NudgeDelivery(
            deliveryId.Value, scheduleId, FromMs(Ms(occurrenceUtc)), occurrenceLocal, oldPosition, key, DeliveryState.Sending, null, null, FromMs(now))
        {
            ChannelId = claimed.ChannelId,
            Mention = claimed.Mention is null ? null : MentionTarget.FromText(claimed.Mention),
            Topics = claimed.Topics,
        };
    }

    public Task<bool> TrySkipAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TrySkipCoreAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, reason, cancellationToken));

    private async Task<bool> TrySkipCoreAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = Now();
        var position = await ScalarAsync(
            connection,
            transaction,
            "UPDATE schedules SET next_run_utc = @next, last_result = @result, last_result_at = @now, skip_utc = NULL " +
            "WHERE id = @id AND next_run_utc = @occurrence AND NOT paused AND NOT cancelled RETURNING rotation_position",
            cancellationToken,
            ("id", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("next", Ms(nextRunUtc)),
            ("result", $"skipped {occurrenceLocal}: {reason}"),
            ("now", now));
        if (position is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        var deliveryId = await InsertDeliveryAsync(
            connection, transaction, scheduleId, occurrenceUtc, occurrenceLocal, ToInt(position), IdempotencyKey(scheduleId, occurrenceUtc), DeliveryState.Skipped, reason, now, cancellationToken);
        if (deliveryId is null)
        {
            await transaction.CommitAsync(cancellationToken);
            LogAlreadyDelivered(scheduleId, occurrenceUtc);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public Task<bool> CompleteAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool? scheduleFailing, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => CompleteCoreAsync(deliveryId, state, messageId, error, scheduleFailing, cancellationToken));

    private async Task<bool> CompleteCoreAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool? scheduleFailing, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = Now();
        var rows = await QueryAsync(
            connection,
            transaction,
            "UPDATE deliveries SET state = @state, message_id = @message, error = @error, updated_at = @now WHERE id = @id RETURNING schedule_id, occurrence_local",
            reader => (ScheduleId: reader.GetString(0), OccurrenceLocal: reader.GetString(1)),
            cancellationToken,
            ("id", deliveryId),
            ("state", StateText(state)),
            ("message", messageId),
            ("error", error),
            ("now", now));
        if (rows.Count == 0)
        {
            throw new InvalidOperationException($"Delivery {deliveryId} does not exist; only a claimed delivery can be completed.");
        }

        var (scheduleId, occurrenceLocal) = rows[0];

        // The transition is its own conditional UPDATE: under the row lock only one completion can find the flag
        // still clear, so exactly one caller learns that the schedule has just started failing.
        var turnedFailing = scheduleFailing == true && await ExecuteAsync(
            connection,
            transaction,
            "UPDATE schedules SET failing = TRUE WHERE id = @id AND NOT failing",
            cancellationToken,
            ("id", scheduleId)) == 1;
        await ExecuteAsync(
            connection,
            transaction,
            scheduleFailing is null
                ? "UPDATE schedules SET last_result = @result, last_result_at = @now WHERE id = @id"
                : "UPDATE schedules SET last_result = @result, last_result_at = @now, failing = @failing WHERE id = @id",
            cancellationToken,
            ("id", scheduleId),
            ("result", LastResult(state, occurrenceLocal, error)),
            ("now", now),
            ("failing", scheduleFailing));
        await transaction.CommitAsync(cancellationToken);
        return turnedFailing;
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetStaleSendingCoreAsync(olderThan, cancellationToken));

    private async Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingCoreAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(
            connection,
            "SELECT " + DeliveryColumns + " FROM deliveries WHERE state = 'sending' AND updated_at < @before ORDER BY updated_at, id",
            ReadDelivery,
            cancellationToken,
            ("before", Ms(olderThan)));
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesAsync(string scheduleId, CancellationToken cancellationToken) =>
        GuardReadAsync(() => GetDeliveriesCoreAsync(scheduleId, cancellationToken));

    private async Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesCoreAsync(string scheduleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryAsync(
            connection,
            "SELECT " + DeliveryColumns + " FROM deliveries WHERE schedule_id = @id ORDER BY occurrence_utc",
            ReadDelivery,
            cancellationToken,
            ("id", scheduleId));
    }

    public Task<int> NextManualPositionAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => NextManualPositionCoreAsync(platform, tenantId, channelId, cancellationToken));

    private async Task<int> NextManualPositionCoreAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // One statement, so two concurrent /nudge send calls get different positions without a transaction.
        var position = await ScalarAsync(
            connection,
            null,
            "INSERT INTO manual_rotations (platform, tenant_id, channel_id, next_position) VALUES (@platform, @tenant, @channel, 1) " +
            "ON CONFLICT (platform, tenant_id, channel_id) DO UPDATE SET next_position = manual_rotations.next_position + 1 " +
            "RETURNING next_position - 1",
            cancellationToken,
            ("platform", PlatformText(platform)),
            ("tenant", tenantId),
            ("channel", channelId));
        return ToInt(position);
    }

    public Task<bool> TryClaimRequestAsync(Platform platform, string requestId, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TryClaimRequestCoreAsync(platform, requestId, cancellationToken));

    private async Task<bool> TryClaimRequestCoreAsync(Platform platform, string requestId, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM handled_requests WHERE handled_at < @before",
            cancellationToken,
            ("before", now - (long)INudgeStore.HandledRequestRetention.TotalMilliseconds));

        // A concurrent claim of the same id waits on this row (PostgreSQL) or the write lock (SQLite), then
        // inserts nothing.
        var inserted = await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO handled_requests (platform, request_id, handled_at) VALUES (@platform, @id, @now) " +
            "ON CONFLICT (platform, request_id) DO NOTHING",
            cancellationToken,
            ("platform", PlatformText(platform)),
            ("id", requestId),
            ("now", now));
        await transaction.CommitAsync(cancellationToken);
        return inserted == 1;
    }

    internal static string IdempotencyKey(string scheduleId, DateTimeOffset occurrenceUtc) =>
        scheduleId + "-" + occurrenceUtc.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>INSERT ... ON CONFLICT DO NOTHING: null means the occurrence already has a delivery.</summary>
    /// <param name="claimed">What a claim posts; null for a skip, which posts nothing.</param>
    private static async Task<long?> InsertDeliveryAsync(
        DbConnection connection,
        DbTransaction transaction,
        string scheduleId,
        DateTimeOffset occurrenceUtc,
        string occurrenceLocal,
        int nudgeIndex,
        string key,
        DeliveryState state,
        string? error,
        long now,
        CancellationToken cancellationToken,
        Claimed? claimed = null)
    {
        var id = await ScalarAsync(
            connection,
            transaction,
            "INSERT INTO deliveries (schedule_id, occurrence_utc, occurrence_local, nudge_index, idempotency_key, state, error, created_at, updated_at, " +
            "channel_id, mention, topics) " +
            "VALUES (@schedule, @occurrence, @local, @index, @key, @state, @error, @now, @now, @channel, @mention, @topics) " +
            "ON CONFLICT (schedule_id, occurrence_utc) DO NOTHING RETURNING id",
            cancellationToken,
            ("schedule", scheduleId),
            ("occurrence", Ms(occurrenceUtc)),
            ("local", occurrenceLocal),
            ("index", nudgeIndex),
            ("key", key),
            ("state", StateText(state)),
            ("error", error),
            ("now", now),
            ("channel", claimed?.ChannelId),
            ("mention", claimed?.Mention),
            ("topics", claimed?.Topics));
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>The schedule as the claiming UPDATE left it: the position it posts, and where and how (mention as stored text).</summary>
    private sealed record Claimed(int Position, string ChannelId, string? Mention, string? Topics);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule {ScheduleId}: occurrence {Occurrence:O} was claimed elsewhere (or is no longer due)")]
    private partial void LogClaimLost(string scheduleId, DateTimeOffset occurrence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId}: occurrence {Occurrence:O} already has a delivery; moved past it without posting again")]
    private partial void LogAlreadyDelivered(string scheduleId, DateTimeOffset occurrence);
}
