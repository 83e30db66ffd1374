using System.Text.Json;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rest;
using Il6Bot.Hosting;
using Il6Bot.Transports.Replay;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// Answers an interaction that arrived over the Gateway: the shared <see cref="DiscordInteractionHandler"/>
/// builds the callback (deferring slow answers itself) and it is POSTed to
/// <c>/interactions/{id}/{token}/callback</c>. A Resume replays missed events, possibly one already
/// answered, so each interaction id is answered once.
/// </summary>
public sealed partial class GatewayInteractionDispatcher(
    DiscordInteractionHandler handler,
    DiscordRestClient rest,
    TimeProvider time,
    ILogger<GatewayInteractionDispatcher> logger)
{
    /// <summary>A replay only covers the minutes a session was away; this many ids is far more than that. What was
    /// answered does not matter here (the callback has gone), only that the id was seen.</summary>
    private readonly RecentAnswers<string, bool> _seen = new(4096, Timeout.InfiniteTimeSpan, time);

    public async Task DispatchAsync(JsonElement interaction, CancellationToken cancellationToken)
    {
        var id = interaction.ValueKind == JsonValueKind.Object && interaction.TryGetProperty("id", out var idElement)
            ? idElement.GetString()
            : null;
        if (string.IsNullOrEmpty(id))
        {
            LogNoId();
            return;
        }

        if (!_seen.TryBegin(id, out _))
        {
            LogReplayIgnored(id);
            return;
        }

        try
        {
            await AnswerAsync(id, interaction, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _seen.Complete(id, true);
        }
    }

    private async Task AnswerAsync(string id, JsonElement interaction, CancellationToken cancellationToken)
    {
        var result = await handler.HandleAsync(interaction, cancellationToken).ConfigureAwait(false);
        if (result.IsMalformed || result.InteractionId is null || result.Token is null)
        {
            LogMalformed(id, result.Problem ?? "no interaction token");
            return;
        }

        var posted = await rest.CreateInteractionResponseAsync(result.InteractionId, result.Token, result.CallbackBody, cancellationToken).ConfigureAwait(false);
        if (!posted.IsSuccess)
        {
            LogCallbackFailed(id, posted.StatusCode, posted.Problem ?? string.Empty);
            return;
        }

        // Follow-ups and deferred completions must not overtake the callback.
        result.Acknowledge();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord Gateway: INTERACTION_CREATE without an id ignored")]
    private partial void LogNoId();

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord Gateway: interaction {InteractionId} replayed after a resume; already answered")]
    private partial void LogReplayIgnored(LogText interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord Gateway: interaction {InteractionId} not answerable: {Problem}")]
    private partial void LogMalformed(LogText interactionId, LogText problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord Gateway: callback for interaction {InteractionId} failed: HTTP {Status} {Problem}")]
    private partial void LogCallbackFailed(LogText interactionId, int status, LogText problem);
}
