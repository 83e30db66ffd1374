namespace Il6Bot.Discord.Interactions;

/// <summary>
/// What a transport sends back for one interaction: the callback body (HTTP response body, or the body of
/// <c>POST /interactions/{id}/{token}/callback</c> on the Gateway). Follow-ups and the completion of a
/// deferred answer run in the background and start once the transport calls <see cref="Acknowledge"/>,
/// so they never overtake the callback.
/// </summary>
public sealed class DiscordInteractionResult
{
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DiscordInteractionResult(ReadOnlyMemory<byte> callbackBody, string? problem, DiscordInteraction? interaction)
    {
        CallbackBody = callbackBody;
        Problem = problem;
        InteractionId = interaction?.Id;
        Token = interaction?.Token;
        ApplicationId = interaction?.ApplicationId;
    }

    /// <summary>UTF-8 JSON interaction callback; empty when <see cref="IsMalformed"/>.</summary>
    public ReadOnlyMemory<byte> CallbackBody { get; }

    /// <summary>The body was not a usable interaction (HTTP answers 400 with <see cref="Problem"/>).</summary>
    public bool IsMalformed => Problem is not null;

    public string? Problem { get; }

    public string? InteractionId { get; }

    /// <summary>The interaction token (a credential for 15 minutes: never log it).</summary>
    public string? Token { get; }

    public string? ApplicationId { get; }

    /// <summary>Completes when every follow-up and deferred completion has been sent (or has failed and
    /// been logged). Already complete when there is nothing more to send.</summary>
    public Task BackgroundWork { get; private set; } = Task.CompletedTask;

    internal Task Acknowledged => _acknowledged.Task;

    /// <summary>Call once the callback has reached Discord (HTTP response written, Gateway callback POSTed).</summary>
    public void Acknowledge() => _acknowledged.TrySetResult();

    internal static DiscordInteractionResult Immediate(ReadOnlyMemory<byte> body, DiscordInteraction? interaction) => new(body, null, interaction);

    internal static DiscordInteractionResult Malformed(string problem) => new(ReadOnlyMemory<byte>.Empty, problem, null);

    internal static DiscordInteractionResult WithBackground(ReadOnlyMemory<byte> body, DiscordInteraction interaction, Func<DiscordInteractionResult, Task> start)
    {
        var result = new DiscordInteractionResult(body, null, interaction);
        result.BackgroundWork = start(result);
        return result;
    }
}
