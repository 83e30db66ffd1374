using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary>The channel option of <c>/nudge schedule</c> and <c>/nudge send</c>, checked with the platform before anything is stored or posted.</summary>
public sealed partial class NudgeCommandHandler
{
    /// <summary>The channel option, checked with the platform: the bot must be able to post there.</summary>
    private async Task<(string? Channel, Reply? Error)> CheckChannelAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var channel = NudgeInput.ChannelId(request.Option("channel"));
        if (channel is null)
        {
            return (null, Error($"Say which channel to post in, e.g. {Example}."));
        }

        if (!NudgeInput.IsPlausibleChannelId(channel))
        {
            return (null, Error($"{EchoedInput.Code(channel)} is not a channel. Pick one from the channel list, e.g. {Example}."));
        }

        var poster = _dispatcher.PosterFor(request.Platform);
        if (poster is null)
        {
            return (null, Error($"This bot cannot post on {request.Platform} (no {request.Platform} connection is configured)."));
        }

        var check = await poster.CheckChannelAsync(request.TenantId, channel, cancellationToken).ConfigureAwait(false);
        if (!check.CanPost)
        {
            var why = check.Problem is null ? string.Empty : $" ({check.Problem})";
            return (null, Admin([new ParagraphBlock([
                new TextInline("I can't post in "),
                new ChannelInline(channel),
                new TextInline($"{why}. Add me to that channel and let me send messages there, or pick a channel I can post in."),
            ])]));
        }

        return (channel, null);
    }
}
