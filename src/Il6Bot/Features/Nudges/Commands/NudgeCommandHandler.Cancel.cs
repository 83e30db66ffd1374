using Il6Bot.Commands;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge cancel</c>: delete a schedule.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> CancelAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        if (id is null)
        {
            return Error("Say which schedule: `/nudge cancel n7` (ids are in `/nudge list`).");
        }

        if (!await _store.CancelAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false))
        {
            return NotHere(id, request.TenantNoun);
        }

        LogCancelled(id, request.Platform, request.TenantId, request.UserId);
        return Reply.EphemeralText($"Cancelled {id}. It will not post again.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled {ScheduleId} on {Platform} {TenantId} (by {UserId})")]
    private partial void LogCancelled(string scheduleId, Platform platform, LogText tenantId, LogText userId);
}
