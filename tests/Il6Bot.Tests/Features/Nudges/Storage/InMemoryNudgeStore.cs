using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// An <see cref="INudgeStore"/> with the documented semantics (conditional claim, unique delivery per
/// occurrence) in memory, so scheduler and command tests run without a database; it passes the same store
/// contract as SQLite and PostgreSQL (<see cref="Store.InMemoryNudgeStoreTests"/>). The restart tests use
/// the real SQLite store.
/// </summary>
public sealed class InMemoryNudgeStore(TimeProvider time) : INudgeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Row> _schedules = new(StringComparer.Ordinal);
    private readonly List<NudgeDelivery> _deliveries = [];
    private readonly Dictionary<(Platform, string, string), int> _manual = [];
    private readonly HashSet<(Platform, string)> _handledRequests = [];
    private int _nextId;

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<NudgeSchedule> CreateAsync(NewNudgeSchedule schedule, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = $"n{++_nextId}";
            var created = new NudgeSchedule(id, schedule.Platform, schedule.TenantId, schedule.ChannelId, schedule.Day, schedule.LocalTime,
                schedule.TimeZoneId, schedule.CreatedBy, false, 0, schedule.NextRunUtc, null, null, false, schedule.CreatedAt)
            {
                Mention = schedule.Mention,
                Topics = schedule.Topics,
            };
            _schedules[id] = new Row(created, Cancelled: false);
            return Task.FromResult(created);
        }
    }

    public Task<IReadOnlyList<NudgeSchedule>> ListAsync(Platform platform, string tenantId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<NudgeSchedule> list = _schedules.Values
                .Where(r => !r.Cancelled && r.Schedule.Platform == platform && r.Schedule.TenantId == tenantId)
                .Select(r => r.Schedule)
                .OrderBy(s => int.Parse(s.Id[1..], System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<NudgeSchedule?> GetAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Mine(platform, tenantId, id));
        }
    }

    private NudgeSchedule? Mine(Platform platform, string tenantId, string id) =>
        _schedules.TryGetValue(id, out var row) && !row.Cancelled && row.Schedule.Platform == platform && row.Schedule.TenantId == tenantId ? row.Schedule : null;

    public async Task<bool> CancelAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken)
    {
        var schedule = await GetAsync(platform, tenantId, id, cancellationToken);
        lock (_lock)
        {
            if (schedule is null)
            {
                return false;
            }

            _schedules[id] = _schedules[id] with { Cancelled = true };
            return true;
        }
    }

    public async Task<bool> SetPausedAsync(Platform platform, string tenantId, string id, bool paused, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        var schedule = await GetAsync(platform, tenantId, id, cancellationToken);
        lock (_lock)
        {
            if (schedule is null)
            {
                return false;
            }

            // Pausing keeps the next run (it is not due while paused); resuming replaces it, so nothing is caught up.
            Update(id, s => paused ? s with { Paused = true } : s with { Paused = false, NextRunUtc = nextRunUtc, SkipUtc = s.SkipUtc == nextRunUtc ? s.SkipUtc : null });
            return true;
        }
    }

    public Task<bool> TryUpdateAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = Mine(before.Platform, before.TenantId, before.Id);
            // The same condition as the SQL: unchanged since read (no claim, skip or edit in between).
            if (current is null || current.NextRunUtc != before.NextRunUtc || current.SkipUtc != before.SkipUtc || current.EditedAt != before.EditedAt)
            {
                return Task.FromResult(false);
            }

            Update(before.Id, s => s with
            {
                ChannelId = after.ChannelId,
                Day = after.Day,
                LocalTime = after.LocalTime,
                TimeZoneId = after.TimeZoneId,
                NextRunUtc = after.NextRunUtc,
                Mention = after.Mention,
                Topics = after.Topics,
                SkipUtc = after.SkipUtc,
                EditedBy = after.EditedBy,
                EditedAt = after.EditedAt,
            });
            return Task.FromResult(true);
        }
    }

    public Task<bool> TrySetSkipAsync(Platform platform, string tenantId, string id, DateTimeOffset occurrenceUtc, bool skip, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = Mine(platform, tenantId, id);
            if (current is null || current.NextRunUtc != occurrenceUtc || (skip ? current.Paused : current.SkipUtc != occurrenceUtc))
            {
                return Task.FromResult(false);
            }

            Update(id, s => s with { SkipUtc = skip ? occurrenceUtc : null });
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<NudgeSchedule>> GetDueAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<NudgeSchedule> due = Active().Where(s => s.NextRunUtc <= nowUtc).OrderBy(s => s.NextRunUtc).Take(limit).ToList();
            return Task.FromResult(due);
        }
    }

    public Task<DateTimeOffset?> GetEarliestNextRunAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Active().Select(s => (DateTimeOffset?)s.NextRunUtc).Min());
        }
    }

    public Task<NudgeDelivery?> TryClaimAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var schedule = Claimable(scheduleId, occurrenceUtc);
            if (schedule is null)
            {
                return Task.FromResult<NudgeDelivery?>(null);
            }

            if (Delivered(scheduleId, occurrenceUtc))
            {
                // As the SQL stores: the schedule moves past an occurrence that already has a delivery, keeping its rotation.
                Update(scheduleId, s => s with { NextRunUtc = nextRunUtc });
                return Task.FromResult<NudgeDelivery?>(null);
            }

            var delivery = AddDelivery(schedule, occurrenceUtc, occurrenceLocal, DeliveryState.Sending, null);
            Update(scheduleId, s => s with { NextRunUtc = nextRunUtc, RotationPosition = s.RotationPosition + 1 });
            return Task.FromResult<NudgeDelivery?>(delivery);
        }
    }

    public Task<bool> TrySkipAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var schedule = Claimable(scheduleId, occurrenceUtc);
            if (schedule is null)
            {
                return Task.FromResult(false);
            }

            Update(scheduleId, s => s with { NextRunUtc = nextRunUtc, LastResult = $"skipped {occurrenceLocal}: {reason}", LastResultAt = time.GetUtcNow(), SkipUtc = null });
            if (Delivered(scheduleId, occurrenceUtc))
            {
                return Task.FromResult(false);
            }

            AddDelivery(schedule, occurrenceUtc, occurrenceLocal, DeliveryState.Skipped, reason);
            return Task.FromResult(true);
        }
    }

    public Task<bool> CompleteAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool? scheduleFailing, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var index = _deliveries.FindIndex(d => d.Id == deliveryId);
            if (index < 0)
            {
                throw new InvalidOperationException($"Delivery {deliveryId} does not exist; only a claimed delivery can be completed.");
            }

            var delivery = _deliveries[index] with { State = state, MessageId = messageId, Error = error, UpdatedAt = time.GetUtcNow() };
            _deliveries[index] = delivery;
            // Same wording as the SQL stores, so assertions on /nudge list hold for both.
            var result = state switch
            {
                DeliveryState.Sent => $"posted {delivery.OccurrenceLocal}",
                DeliveryState.Failed => $"failed {delivery.OccurrenceLocal}: {error ?? "unknown error"}",
                DeliveryState.Skipped => $"skipped {delivery.OccurrenceLocal}: {error ?? "missed"}",
                DeliveryState.Unknown => $"unknown {delivery.OccurrenceLocal}: {error ?? "may not have been posted"}",
                _ => $"sending {delivery.OccurrenceLocal}",
            };
            var turnedFailing = scheduleFailing == true && _schedules[delivery.ScheduleId].Schedule is { Failing: false };
            Update(delivery.ScheduleId, s => s with { LastResult = result, LastResultAt = time.GetUtcNow(), Failing = scheduleFailing ?? s.Failing });
            return Task.FromResult(turnedFailing);
        }
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<NudgeDelivery> stale = _deliveries.Where(d => d.State == DeliveryState.Sending && d.UpdatedAt < olderThan).OrderBy(d => d.UpdatedAt).ThenBy(d => d.Id).ToList();
            return Task.FromResult(stale);
        }
    }

    public Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesAsync(string scheduleId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<NudgeDelivery> list = _deliveries.Where(d => d.ScheduleId == scheduleId).OrderBy(d => d.OccurrenceUtc).ToList();
            return Task.FromResult(list);
        }
    }

    public Task<int> NextManualPositionAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var key = (platform, tenantId, channelId);
            var position = _manual.GetValueOrDefault(key);
            _manual[key] = position + 1;
            return Task.FromResult(position);
        }
    }

    public Task<bool> TryClaimRequestAsync(Platform platform, string requestId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_handledRequests.Add((platform, requestId)));
        }
    }

    public Task<NudgeSchedule?> FindByIdAsync(string scheduleId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_schedules.TryGetValue(scheduleId, out var row) ? row.Schedule with { Cancelled = row.Cancelled } : null);
        }
    }

    private IEnumerable<NudgeSchedule> Active() => _schedules.Values.Where(r => !r.Cancelled && !r.Schedule.Paused).Select(r => r.Schedule);

    /// <summary>The schedule if its next run is still <paramref name="occurrenceUtc"/> (the conditional claim).</summary>
    private NudgeSchedule? Claimable(string scheduleId, DateTimeOffset occurrenceUtc) =>
        _schedules.TryGetValue(scheduleId, out var row) && !row.Cancelled && !row.Schedule.Paused && row.Schedule.NextRunUtc == occurrenceUtc
            ? row.Schedule
            : null;

    /// <summary>The unique (schedule, occurrence) delivery, the backstop against posting an occurrence twice.</summary>
    private bool Delivered(string scheduleId, DateTimeOffset occurrenceUtc) =>
        _deliveries.Any(d => d.ScheduleId == scheduleId && d.OccurrenceUtc == occurrenceUtc);

    private NudgeDelivery AddDelivery(NudgeSchedule schedule, DateTimeOffset occurrenceUtc, string occurrenceLocal, DeliveryState state, string? error)
    {
        var delivery = new NudgeDelivery(_deliveries.Count + 1, schedule.Id, occurrenceUtc, occurrenceLocal, schedule.RotationPosition,
            $"{schedule.Id}-{occurrenceUtc.ToUnixTimeSeconds()}", state, null, error, time.GetUtcNow());
        if (state == DeliveryState.Sending)
        {
            // As the SQL stores: a claim records where and how it posts.
            delivery = delivery with { ChannelId = schedule.ChannelId, Mention = schedule.Mention, Topics = schedule.Topics };
        }

        _deliveries.Add(delivery);
        return delivery;
    }

    private void Update(string id, Func<NudgeSchedule, NudgeSchedule> change) =>
        _schedules[id] = _schedules[id] with { Schedule = change(_schedules[id].Schedule) };

    private sealed record Row(NudgeSchedule Schedule, bool Cancelled);
}
