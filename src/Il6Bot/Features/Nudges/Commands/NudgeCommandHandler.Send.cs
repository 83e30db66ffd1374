using System.Security.Cryptography;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Features.Nudges.Commands;

/// <summary><c>/nudge send</c>: post the next nudge now.</summary>
public sealed partial class NudgeCommandHandler
{
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
            result = await _dispatcher.PostAsync(poster.ForTenant(request.TenantId), channel, NudgeReply.From(nudge, NudgeReply.ManualScheduleId), key, cancellationToken).ConfigureAwait(false);
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
        if (result.Outcome == PostOutcome.Posted)
        {
            _dispatcher.RecordPosted(request.Platform, request.TenantId, NudgeReply.ManualScheduleId, nudge);
        }

        var text = result.Outcome == PostOutcome.Posted
            ? new TextInline($"Posted \u201c{nudge.Title}\u201d to ")
            : new TextInline($"Could not post \u201c{nudge.Title}\u201d to ");
        List<MessageInline> inlines = [text, new ChannelInline(channel)];
        inlines.Add(new TextInline(result.Outcome == PostOutcome.Posted ? "." : $": {result.Error}."));
        return Admin([new ParagraphBlock(inlines)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual nudge {NudgeId} to {Platform} {TenantId} channel {ChannelId}: {Outcome} {Error}")]
    private partial void LogSent(Platform platform, LogText tenantId, LogText channelId, string nudgeId, PostOutcome outcome, LogText error);


    [LoggerMessage(Level = LogLevel.Error, Message = "Manual nudge to {Platform} channel {ChannelId} threw")]
    private partial void LogSendFailed(Exception ex, Platform platform, LogText channelId);
}
