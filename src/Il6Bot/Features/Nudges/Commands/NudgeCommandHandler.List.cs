using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge list</c>: this tenant's schedules, a page at a time, optionally for one channel.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var channel = NudgeInput.ChannelId(request.Option("channel"));
        if (channel is not null && !NudgeInput.IsPlausibleChannelId(channel))
        {
            return Error($"{EchoedInput.Code(channel)} is not a channel. Pick one from the channel list, e.g. `/nudge list #general`.");
        }

        var page = 1;
        var rawPage = request.Option("page");
        if (rawPage is not null && !NudgeInput.TryParsePage(rawPage, out page))
        {
            return Error($"{EchoedInput.Code(rawPage)} is not a page number. Type a whole number from 1, e.g. `/nudge list page:2`.");
        }

        var schedules = await _store.ListAsync(request.Platform, request.TenantId, cancellationToken).ConfigureAwait(false);
        if (channel is not null)
        {
            schedules = schedules.Where(s => s.ChannelId == channel).ToList();
        }

        if (schedules.Count == 0)
        {
            return channel is null
                ? Reply.EphemeralText($"No nudges are scheduled here yet. Create one with {Example}.")
                : Admin(NudgeListPage.NoneIn(channel, request.TenantNoun));
        }

        if (page < 1 || page > NudgeListPage.PageCount(schedules.Count))
        {
            return Admin(NudgeListPage.OutOfRange(page, rawPage!, schedules.Count, channel));
        }

        return Admin(NudgeListPage.Build(schedules, page, channel, _occurrences));
    }
}
