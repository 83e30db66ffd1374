using System.Globalization;
using System.Security.Cryptography;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge preview</c> and <c>/nudge send</c>: what will be posted, posting it now, and checking the channel first.</summary>
public sealed partial class NudgeCommandHandler
{
    private async Task<Reply> PreviewAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var id = NudgeInput.ScheduleId(request.Option("id"));
        NudgeSchedule? schedule;
        if (id is not null)
        {
            schedule = await _store.GetAsync(request.Platform, request.TenantId, id, cancellationToken).ConfigureAwait(false);
            if (schedule is null)
            {
                return NotHere(id);
            }
        }
        else
        {
            // Without an id: what this server will see next, i.e. the soonest active schedule's nudge.
            var schedules = await _store.ListAsync(request.Platform, request.TenantId, cancellationToken).ConfigureAwait(false);
            schedule = schedules.Where(s => !s.Paused).MinBy(s => s.NextRunUtc);
            if (schedule is null)
            {
                return Reply.EphemeralText($"No active nudge schedule here. Create one with {Example}, or post one now with `/nudge send #channel`.");
            }
        }

        var nudge = _dispatcher.NudgeAt(schedule.RotationPosition);
        if (nudge is null)
        {
            return NoNudges();
        }

        var when = schedule.Paused
            ? $"{schedule.Id} is paused; after `/nudge resume {schedule.Id}` it posts this next"
            : $"{schedule.Id} posts this next, {_occurrences.FormatLocalLong(schedule.NextRunUtc, schedule.TimeZoneId)}";
        var nudgeReply = NudgeReply.From(nudge);
        var context = new ReplyField("Preview", new MessageDocument([new ParagraphBlock([
            new TextInline($"{when} in "), new ChannelInline(schedule.ChannelId), new TextInline("."),
        ])]));
        return nudgeReply with { Fields = [.. nudgeReply.Fields, context], Ephemeral = true };
    }

    private async Task<Reply> SendAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (_dispatcher.Nudges.Count == 0)
        {
            return NoNudges();
        }

        var (channel, channelError) = await CheckChannelAsync(request, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return channelError!;
        }

        var position = await _store.NextManualPositionAsync(request.Platform, request.TenantId, channel, cancellationToken).ConfigureAwait(false);
        var nudge = _dispatcher.NudgeAt(position)!;
        var poster = _dispatcher.PosterFor(request.Platform)!;

        // Discord caps a nonce at 25 characters; a manual post has no occurrence, so a fresh random key.
        var key = "m" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        PostResult result;
        try
        {
            result = await _dispatcher.PostAsync(poster, channel, NudgeReply.From(nudge), key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogSendFailed(ex, request.Platform, channel);
            result = PostResult.Transient(ex.Message);
        }

        LogSent(request.Platform, request.TenantId, channel, nudge.Id, result.Outcome, result.Error);
        var text = result.Outcome == PostOutcome.Posted
            ? new TextInline($"Posted \u201c{nudge.Title}\u201d to ")
            : new TextInline($"Could not post \u201c{nudge.Title}\u201d to ");
        List<MessageInline> inlines = [text, new ChannelInline(channel)];
        inlines.Add(new TextInline(result.Outcome == PostOutcome.Posted ? "." : $": {result.Error}."));
        return Admin([new ParagraphBlock(inlines)]);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual nudge {NudgeId} to {Platform} {TenantId} channel {ChannelId}: {Outcome} {Error}")]
    private partial void LogSent(Platform platform, LogText tenantId, LogText channelId, string nudgeId, PostOutcome outcome, LogText error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Manual nudge to {Platform} channel {ChannelId} threw")]
    private partial void LogSendFailed(Exception ex, Platform platform, LogText channelId);
}
