using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// The one source of truth for schedules and deliveries (SQLite or PostgreSQL). Every state change that
/// decides whether a nudge is posted happens here, atomically, so several bot processes on one database
/// never post the same occurrence twice. When the database cannot be used (file missing or read-only, server down
/// or full) an operation throws <see cref="StoreUnavailableException"/> and has changed nothing.
/// </summary>
public interface INudgeStore
{
    /// <summary>Creates the schema or migrates it forward; idempotent.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Cheap check for <c>/healthz</c>: true when the store can be read and written, else <see cref="StoreUnavailableException"/>.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    Task<NudgeSchedule> CreateAsync(NewNudgeSchedule schedule, CancellationToken cancellationToken);

    /// <summary>Not cancelled schedules of one guild/workspace, by id.</summary>
    Task<IReadOnlyList<NudgeSchedule>> ListAsync(Platform platform, string tenantId, CancellationToken cancellationToken);

    /// <summary>A schedule of this tenant, or null (also when it belongs to another tenant or is cancelled).</summary>
    Task<NudgeSchedule?> GetAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken);

    Task<bool> CancelAsync(Platform platform, string tenantId, string id, CancellationToken cancellationToken);

    /// <summary>
    /// Pauses or resumes; resuming sets the next run so no paused occurrence is caught up (pausing ignores
    /// <paramref name="nextRunUtc"/>). False when no such active schedule belongs to this tenant.
    /// </summary>
    Task<bool> SetPausedAsync(Platform platform, string tenantId, string id, bool paused, DateTimeOffset nextRunUtc, CancellationToken cancellationToken);

    /// <summary>
    /// <c>/nudge edit</c>: writes the editable fields of <paramref name="after"/> (channel, day, time, zone, next run,
    /// mention, topics, skipped occurrence, editor and edit time) if the schedule is still as <paramref name="before"/>
    /// left it: same next run, skipped occurrence and edit time. False when it is gone or changed meanwhile (an
    /// occurrence claimed or skipped, another edit): the caller reads it again and decides afresh, so an edit never
    /// undoes a claim. The rotation position, history and creator are never touched.
    /// </summary>
    Task<bool> TryUpdateAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken);

    /// <summary>
    /// <c>/nudge skip</c> (<paramref name="skip"/> true): marks <paramref name="occurrenceUtc"/> skipped if it is still
    /// the active schedule's next run. Undo (false): clears the mark if it is still on that next run. False otherwise.
    /// </summary>
    Task<bool> TrySetSkipAsync(Platform platform, string tenantId, string id, DateTimeOffset occurrenceUtc, bool skip, CancellationToken cancellationToken);

    /// <summary>Active schedules with <c>next_run_utc &lt;= now</c>, oldest first, through the next-run index.</summary>
    Task<IReadOnlyList<NudgeSchedule>> GetDueAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest next run of any active schedule (lets the loop sleep when idle), or null.</summary>
    Task<DateTimeOffset?> GetEarliestNextRunAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims one occurrence: a conditional UPDATE that moves <c>next_run_utc</c> from
    /// <paramref name="occurrenceUtc"/> to <paramref name="nextRunUtc"/> and advances the rotation, plus a
    /// delivery row in state <see cref="DeliveryState.Sending"/> that records the channel, mention and topics the
    /// schedule has at that moment (what is posted), in one transaction. Only one caller wins;
    /// the others get null. If the occurrence already has a delivery (unique on schedule + occurrence), the
    /// schedule still moves to <paramref name="nextRunUtc"/>, keeps its rotation, and the result is null.
    /// </summary>
    Task<NudgeDelivery?> TryClaimAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="TryClaimAsync"/> but records the occurrence as skipped (a misfire, or <c>/nudge skip</c>) without
    /// posting or advancing the rotation, and clears the skip mark; sets the last result to "skipped {local}: {reason}".
    /// </summary>
    Task<bool> TrySkipAsync(string scheduleId, DateTimeOffset occurrenceUtc, string occurrenceLocal, DateTimeOffset nextRunUtc, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome of a claimed delivery and the schedule's last result ("posted {local}",
    /// "failed {local}: {error}", "unknown {local}: {error}") and failing flag (null leaves the flag as it is: a
    /// transient failure says nothing about whether a permanent cause was fixed). Throws for an unknown delivery id.
    /// </summary>
    /// <returns>
    /// True when this call turned the schedule failing (it was not): the one caller that sees it tells the moderator,
    /// so a schedule that stays failing, or two processes completing at once, never tell them twice.
    /// </returns>
    Task<bool> CompleteAsync(long deliveryId, DeliveryState state, string? messageId, string? error, bool? scheduleFailing, CancellationToken cancellationToken);

    /// <summary>Deliveries left in <see cref="DeliveryState.Sending"/> since before <paramref name="olderThan"/> (a crash).</summary>
    Task<IReadOnlyList<NudgeDelivery>> GetStaleSendingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    Task<IReadOnlyList<NudgeDelivery>> GetDeliveriesAsync(string scheduleId, CancellationToken cancellationToken);

    /// <summary>Advances and returns a per-channel rotation position for <c>/nudge send</c> (manual posts): 0, 1, 2, ...</summary>
    Task<int> NextManualPositionAsync(Platform platform, string tenantId, string channelId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the request <paramref name="requestId"/> (the platform's id of one command invocation, see
    /// <see cref="CommandRequest.RequestId"/>) is being handled, unless it already was: false means a copy of it, on
    /// this or another bot process sharing the database, got there first, and nothing may change for it again.
    /// Claimed before the change it guards, so a change that then fails is not retried under the same id (a
    /// member trying again sends a new request, with a new id). Records are kept for
    /// <see cref="HandledRequestRetention"/>, then pruned.
    /// </summary>
    Task<bool> TryClaimRequestAsync(Platform platform, string requestId, CancellationToken cancellationToken);

    /// <summary>
    /// Longer than any platform accepts a copy of a signed request: at most 15 minutes either side of its signed
    /// timestamp, so 30 minutes after the first copy was handled.
    /// </summary>
    static readonly TimeSpan HandledRequestRetention = TimeSpan.FromHours(1);

    /// <summary>
    /// A schedule by id whatever its tenant (also cancelled ones, with <see cref="NudgeSchedule.Cancelled"/> set), for
    /// the scheduler resolving a stale delivery on start, which knows only the delivery's schedule id. Never used on a
    /// user's behalf.
    /// </summary>
    Task<NudgeSchedule?> FindByIdAsync(string scheduleId, CancellationToken cancellationToken);

    /// <summary>
    /// Pauses every active schedule of a guild/workspace the bot can no longer post in (the app was uninstalled, its
    /// token revoked), with <paramref name="reason"/> as their last result so <c>/nudge list</c> says why. Returns how
    /// many were paused. The default pauses them one by one, without the reason.
    /// </summary>
    async Task<int> PauseTenantAsync(Platform platform, string tenantId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paused = 0;
        foreach (var schedule in await ListAsync(platform, tenantId, cancellationToken).ConfigureAwait(false))
        {
            if (!schedule.Paused && await SetPausedAsync(platform, tenantId, schedule.Id, true, schedule.NextRunUtc, cancellationToken).ConfigureAwait(false))
            {
                paused++;
            }
        }

        return paused;
    }
}
