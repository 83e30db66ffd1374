using System.Globalization;
using Il6Bot.Commands;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary><c>/nudge edit</c> and <c>/nudge skip</c>: conditional writes that never race a claim.</summary>
public abstract partial class AdoNudgeStore
{
    public Task<bool> TryUpdateAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TryUpdateCoreAsync(before, after, cancellationToken));

    private async Task<bool> TryUpdateCoreAsync(NudgeSchedule before, NudgeSchedule after, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // Every claim and skip moves next_run_utc, and every edit moves edited_at, so a schedule that still has the
        // values the edit was computed from has not been claimed, skipped or edited since. -1 stands for "none":
        // a NULL parameter compares as unknown, and PostgreSQL cannot type a bare NULL parameter.
        var changed = await ExecuteAsync(
            connection,
            null,
            "UPDATE schedules SET channel_id = @channel, day = @day, local_time = @time, time_zone = @zone, next_run_utc = @next, " +
            "mention = @mention, topics = @topics, skip_utc = @skip, edited_by = @by, edited_at = @at " +
            "WHERE id = @id AND platform = @platform AND tenant_id = @tenant AND NOT cancelled AND next_run_utc = @wasNext " +
            "AND COALESCE(skip_utc, -1) = @wasSkip AND COALESCE(edited_at, -1) = @wasEdited",
            cancellationToken,
            ("id", before.Id),
            ("platform", PlatformText(before.Platform)),
            ("tenant", before.TenantId),
            ("wasNext", Ms(before.NextRunUtc)),
            ("wasSkip", before.SkipUtc is { } wasSkip ? Ms(wasSkip) : -1L),
            ("wasEdited", before.EditedAt is { } wasEdited ? Ms(wasEdited) : -1L),
            ("channel", after.ChannelId),
            ("day", DayNames[(int)after.Day]),
            ("time", after.LocalTime.ToString("HH:mm", CultureInfo.InvariantCulture)),
            ("zone", after.TimeZoneId),
            ("next", Ms(after.NextRunUtc)),
            ("mention", after.Mention?.Text),
            ("topics", after.Topics),
            ("skip", after.SkipUtc is { } skip ? Ms(skip) : (object?)null),
            ("by", after.EditedBy),
            ("at", after.EditedAt is { } at ? Ms(at) : (object?)null));
        return changed == 1;
    }

    public Task<bool> TrySetSkipAsync(Platform platform, string tenantId, string id, DateTimeOffset occurrenceUtc, bool skip, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => TrySetSkipCoreAsync(platform, tenantId, id, occurrenceUtc, skip, cancellationToken));

    private async Task<bool> TrySetSkipCoreAsync(Platform platform, string tenantId, string id, DateTimeOffset occurrenceUtc, bool skip, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var changed = await ExecuteAsync(
            connection,
            null,
            skip
                ? "UPDATE schedules SET skip_utc = @occurrence WHERE id = @id AND platform = @platform AND tenant_id = @tenant " +
                  "AND NOT cancelled AND NOT paused AND next_run_utc = @occurrence"
                : "UPDATE schedules SET skip_utc = NULL WHERE id = @id AND platform = @platform AND tenant_id = @tenant " +
                  "AND NOT cancelled AND next_run_utc = @occurrence AND skip_utc = @occurrence",
            cancellationToken,
            ("id", id),
            ("platform", PlatformText(platform)),
            ("tenant", tenantId),
            ("occurrence", Ms(occurrenceUtc)));
        return changed == 1;
    }
}
