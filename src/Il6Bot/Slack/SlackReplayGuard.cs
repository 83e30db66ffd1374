using Il6Bot.Hosting;

namespace Il6Bot.Slack;

/// <summary>
/// Handles each HTTP slash command once per <c>trigger_id</c>: the same signed request sent again (a replay,
/// within the signature's <see cref="SlackSignatureVerifier.Window"/>) gets the first answer, and the command's
/// changes and late answer happen once. Socket Mode has its own memory of envelopes.
/// </summary>
public sealed partial class SlackReplayGuard(SlackCommandHandler handler, TimeProvider time, ILogger<SlackReplayGuard> logger)
{
    /// <summary>
    /// A copy is accepted up to <see cref="SlackSignatureVerifier.Window"/> after its signed timestamp, and the
    /// first may have come up to that long before it (a clock ahead of ours): twice the window covers both.
    /// </summary>
    public static readonly TimeSpan Lifetime = 2 * SlackSignatureVerifier.Window;

    /// <summary>
    /// About 200 bytes a command with its trigger_id (the answer is the content's prepared one, or small), so
    /// ~10 MB at most: the whole <see cref="Lifetime"/> up to ~80 commands a second, far more than a workspace
    /// sends. Beyond that the oldest are forgotten first; a copy of one of those is handled again, except for the
    /// changes the store records (see <see cref="RecentAnswers{TAnswer}"/>).
    /// </summary>
    public const int Capacity = 50_000;

    private readonly RecentAnswers<SlackCommandAck> _answers = new(Capacity, Lifetime, time);

    public ValueTask<SlackCommandAck> HandleAsync(SlackSlashCommand command, CancellationToken cancellationToken)
    {
        if (command.TriggerId is not { } triggerId)
        {
            // Slack always sends one; without it there is nothing to recognise a copy by.
            return handler.HandleAsync(command, cancellationToken);
        }

        var first = _answers.TryBegin(triggerId, out var earlier);
        if (first is null)
        {
            LogReplay();
            return new ValueTask<SlackCommandAck>(earlier);
        }

        ValueTask<SlackCommandAck> work;
        try
        {
            work = handler.HandleAsync(command, cancellationToken);
        }
        catch (Exception ex)
        {
            first.TrySetException(ex);
            throw;
        }

        // A prepared section is answered synchronously: no state machine on the common path.
        if (work.IsCompletedSuccessfully)
        {
            _answers.Complete(triggerId, first, work.Result);
            return work;
        }

        return new ValueTask<SlackCommandAck>(CompleteAsync(triggerId, first, work));
    }

    private async Task<SlackCommandAck> CompleteAsync(string triggerId, TaskCompletionSource<SlackCommandAck> first, ValueTask<SlackCommandAck> work)
    {
        try
        {
            var ack = await work.ConfigureAwait(false);
            _answers.Complete(triggerId, first, ack);
            return ack;
        }
        catch (Exception ex)
        {
            first.TrySetException(ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack slash command received again (same trigger_id): answered as the first time, not handled again")]
    private partial void LogReplay();
}
