using Il6Bot.Commands;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

/// <summary>
/// Another store's behaviour, with hooks that run once just before the next <see cref="TryUpdateAsync"/> or
/// <see cref="TryClaimAsync"/>: what another process (the scheduler claiming, a moderator editing) does between one
/// caller's read and its conditional write.
/// </summary>
public sealed class InterceptingNudgeStore(INudgeStore inner) : INudgeStore
{
    public Func<Task>? BeforeNextUpdate { get; set; }

    public Func<Task>? BeforeNextClaim { get; set; }

    public async Task<bool> TryUpdateAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken)
    {
        if (BeforeNextUpdate is { } hook)
        {
            BeforeNextUpdate = null;
            await hook();
        }

        return await inner.TryUpdateAsync(before, after, cancellationToken);
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public Task<NudgeSchedule> CreateAsync(NewNudgeSchedule schedule, CancellationToken cancellationToken) => inner.CreateAsync(schedule, cancellationToken);

    public Task<IReadOnlyList<NudgeSchedule>> ListAsync(Platform platform, string tenantId, CancellationToken cancellationToken) => inner.ListAsync(platform, tenantId, cancellationToken);

    public Task<NudgeSchedule?> GetAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken) => inner.GetAsync(platform, tenantId, id, cancellationToken);

    public Task<bool> CancelAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken) => inner.CancelAsync(platform, tenantId, id, cancellationToken);

    public Task<bool> SetPausedAsync(Platform platform, string tenantId, string id, bool paused, DateTimeOffset nextRunUtc, CancellationToken cancellationToken) =>
        inner.SetPausedAsync(platform, tenantId, id, paused, nextRunUtc, cancellationToken);

    public Task<bool> TrySetSkipAsync(Platform platform, string tenantId, string id, DateTimeOffset occurrenceUtc, bool skip, CancellationToken cancellationToken) =>
        inner.TrySetSkipAsync(platform, tenantId, id, occurrenceUtc, skip, cancellationToken);

    public Task<IReadOnlyList<NudgeSchedule>> GetDueAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken) => inner.GetDueAsync(nowUtc, limit, cancellationToken);

    public Task<DateTimeOffset?> GetEarliestNextRunAsync(CancellationToken cancellationToken) => inner.GetEarliestNextRunAsync(cancellationToken);

    public async Task<NudgeDelivery?> TryClaimAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken)
    {
        if (BeforeNextClaim is { } hook)
        {
            BeforeNextClaim = null;
            await hook();
        }

        return await inner.TryClaimAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, cancellationToken);
    }

    public Task<bool> TrySkipAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken) =>
        inner.TrySkipAsync(scheduleId, occurrenceUtc, occurrenceLocal, nextRunUtc, reason, cancellationToken);

    public Task<bool> CompleteAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool? scheduleFailing, CancellationToken cancellationToken) =>
        inner.CompleteAsync(deliveryId, state, messageId, error, scheduleFailing, cancellationToken);

    public Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.GetStaleSendingAsync(olderThan, cancellationToken);

    public Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesAsync(string scheduleId, CancellationToken cancellationToken) => inner.GetDeliveriesAsync(scheduleId, cancellationToken);

    public Task<int> NextManualPositionAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken) =>
        inner.NextManualPositionAsync(platform, tenantId, channelId, cancellationToken);

    public Task<bool> TryClaimRequestAsync(Platform platform, string requestId, CancellationToken cancellationToken) => inner.TryClaimRequestAsync(platform, requestId, cancellationToken);

    public Task<NudgeSchedule?> FindByIdAsync(string scheduleId, CancellationToken cancellationToken) => inner.FindByIdAsync(scheduleId, cancellationToken);
}
