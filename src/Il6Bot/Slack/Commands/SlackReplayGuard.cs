using Il6Bot.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Transports.Replay;

namespace Il6Bot.Slack.Commands;

/// <summary>
/// Handles each HTTP slash command once per <c>trigger_id</c>: the same signed request sent again (a replay,
/// within the signature's <see cref="SlackSignatureVerifier.Window"/>) gets the first answer, and the command's
/// changes and late answer happen once. A read-only command (<see cref="CommandSpec.ReadOnly"/>) is answered
/// again instead, which gives the same answer; a copy of it is recognised by its trigger_id alone and marked
/// <see cref="SlackSlashCommand.IsRepeat"/>, so it is not counted again. Socket Mode has its own memory of envelopes.
/// </summary>
public sealed partial class SlackReplayGuard(SlackCommandHandler handler, CommandEngine engine, TimeProvider time, ILogger<SlackReplayGuard> logger)
{
    /// <summary>
    /// A copy is accepted up to <see cref="SlackSignatureVerifier.Window"/> after its signed timestamp, and the
    /// first may have come up to that long before it (a clock ahead of ours): twice the window covers both.
    /// </summary>
    public static readonly TimeSpan Lifetime = 2 * SlackSignatureVerifier.Window;

    /// <summary>
    /// About 230 bytes a command with its trigger_id (the answer is the content's prepared one, or small), so
    /// ~5 MB at most: the whole <see cref="Lifetime"/> up to ~33 commands a second, far more than a workspace
    /// sends. Beyond that the oldest are forgotten first; a copy of one of those is handled again, except for the
    /// changes the store records (see <see cref="RecentAnswers{TKey, TAnswer}"/>).
    /// </summary>
    public const int Capacity = 20_000;

    private readonly RecentAnswers<string, SlackCommandAck> _answers = new(Capacity, Lifetime, time);

    // 16 bytes a slot in one array allocated at start-up (1 MB): nothing per request for the GC to promote.
    private readonly RecentIds _readOnlySeen = new(Capacity, Lifetime, time);

    public ValueTask<SlackCommandAck> HandleAsync(SlackSlashCommand command, CancellationToken cancellationToken)
    {
        // Slack always sends a trigger_id; without one there is nothing to recognise a copy by.
        if (command.TriggerId is not { } triggerId)
        {
            return handler.HandleAsync(command, cancellationToken);
        }

        // A read-only command (/il6) is answered again: the same bytes, and remembering every answer cost about
        // 3 µs of a 45 µs request in the load benchmark (string keys kept for seconds, promoted by the GC). It
        // still counts what was read, so a copy is recognised, without allocating, to be counted once.
        if (engine.IsReadOnly(command.Command))
        {
            if (_readOnlySeen.SeenBefore(triggerId))
            {
                LogReadOnlyReplay();
                command = command with { IsRepeat = true };
            }

            return handler.HandleAsync(command, cancellationToken);
        }

        if (!_answers.TryBegin(triggerId, out var earlier))
        {
            LogReplay();
            return new ValueTask<SlackCommandAck>(earlier!);
        }

        ValueTask<SlackCommandAck> work;
        try
        {
            work = handler.HandleAsync(command, cancellationToken);
        }
        catch (Exception ex)
        {
            _answers.Fail(triggerId, ex);
            throw;
        }

        // A prepared section is answered synchronously: no state machine on the common path.
        if (work.IsCompletedSuccessfully)
        {
            _answers.Complete(triggerId, work.Result);
            return work;
        }

        return new ValueTask<SlackCommandAck>(CompleteAsync(triggerId, work));
    }

    private async Task<SlackCommandAck> CompleteAsync(string triggerId, ValueTask<SlackCommandAck> work)
    {
        SlackCommandAck ack;
        try
        {
            ack = await work.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _answers.Fail(triggerId, ex);
            throw;
        }

        _answers.Complete(triggerId, ack);
        return ack;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack slash command received again (same trigger_id): answered as the first time, not handled again")]
    private partial void LogReplay();

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack slash command received again (same trigger_id): a read-only command, answered again and not counted again")]
    private partial void LogReadOnlyReplay();
}
