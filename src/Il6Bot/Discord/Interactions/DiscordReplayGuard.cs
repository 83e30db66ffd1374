using System.Globalization;
using System.Text.Json;
using Il6Bot.Discord.Gateway;
using Il6Bot.Discord.Http;
using Il6Bot.Transports.Replay;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Handles each HTTP interaction once per interaction id: a signed request sent again (a replay, within the
/// signature's <see cref="DiscordSignatureVerifier.Window"/>) gets the first answer's callback body, and nothing
/// it started (follow-ups, a deferred completion, the command's changes) happens twice. The Gateway has its own
/// memory (<see cref="Gateway.GatewayInteractionDispatcher"/>).
/// </summary>
public sealed partial class DiscordReplayGuard(DiscordInteractionHandler handler, TimeProvider time, ILogger<DiscordReplayGuard> logger)
{
    /// <summary>
    /// A copy is accepted up to <see cref="DiscordSignatureVerifier.Window"/> after its signed timestamp, and the
    /// first may have come up to that long before it (a clock ahead of ours): twice the window covers both.
    /// </summary>
    public static readonly TimeSpan Lifetime = 2 * DiscordSignatureVerifier.Window;

    /// <summary>
    /// About 100 bytes an interaction (its id as a number, the callback body shared with the content's prepared
    /// answer, or small), so ~5 MB at most: the whole <see cref="Lifetime"/> up to ~28 interactions a second, far
    /// more than a community bot sees. Beyond that the oldest are forgotten first; a copy of one of those is
    /// handled again, except for the changes the store records (see <see cref="RecentAnswers{TKey, TAnswer}"/>).
    /// </summary>
    public const int Capacity = 50_000;

    private readonly RecentAnswers<ulong, Answer> _answers = new(Capacity, Lifetime, time);

    public async Task<DiscordInteractionResult> HandleAsync(ReadOnlyMemory<byte> interactionJson, CancellationToken cancellationToken)
    {
        DiscordInteraction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize(interactionJson.Span, DiscordJsonContext.Default.DiscordInteraction);
        }
        catch (JsonException)
        {
            interaction = null;
        }

        if (interaction is null)
        {
            // The handler says what is wrong with it.
            return await handler.HandleAsync(interactionJson, cancellationToken).ConfigureAwait(false);
        }

        // Discord's ids are snowflakes (64-bit numbers); one that is not cannot be Discord's, and is only
        // handled (the store still refuses a second change under it).
        if (!ulong.TryParse(interaction.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await handler.HandleAsync(interaction, cancellationToken).ConfigureAwait(false);
        }

        if (!_answers.TryBegin(id, out var earlier))
        {
            LogReplay();
            var answer = await earlier!.ConfigureAwait(false);
            return answer.Problem is { } problem
                ? DiscordInteractionResult.Malformed(problem)
                : DiscordInteractionResult.Immediate(answer.CallbackBody, interaction);
        }

        DiscordInteractionResult result;
        try
        {
            result = await handler.HandleAsync(interaction, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _answers.Fail(id, ex);
            throw;
        }

        _answers.Complete(id, new Answer(result.CallbackBody, result.Problem));
        return result;
    }

    /// <summary>What a copy is answered with: the body alone, not the result with its token and follow-ups.</summary>
    private readonly record struct Answer(ReadOnlyMemory<byte> CallbackBody, string? Problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord interaction received again (same interaction id): answered as the first time, not handled again")]
    private partial void LogReplay();
}
