using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Discord.Rendering;
using Il6Bot.Discord.Rest;
using Il6Bot.Hosting;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Transport-independent handling of one Discord interaction: the HTTP endpoint and the Gateway both hand
/// it the interaction JSON (already signature-checked / authenticated) and send back
/// <see cref="DiscordInteractionResult.CallbackBody"/>. Commands go through the neutral
/// <see cref="CommandEngine"/>; an answer not ready within <see cref="DiscordInteractionTiming.DeferAfter"/> is deferred (type 5)
/// and completed by editing the original response; the <see cref="DeadlineResponder"/> runs that and the
/// follow-ups, and waits for them on shutdown.
/// </summary>
public sealed partial class DiscordInteractionHandler(
    CommandEngine engine,
    ButtonRouter buttons,
    Lazy<DiscordRestClient> restClient,
    TimeProvider timeProvider,
    [FromKeyedServices(Platform.Discord)] DeadlineResponder responder,
    DiscordRenderCache renderCache,
    DiscordInteractionTiming timing,
    ILogger<DiscordInteractionHandler> logger)
{
    // Only deferrals and follow-ups call Discord; a typed client builds its whole HttpClient and resilience
    // pipeline when created, which the first (and nearly every) answer does not need.
    private DiscordRestClient Rest => restClient.Value;

    private static readonly byte[] PongBody = JsonSerializer.SerializeToUtf8Bytes(
        new DiscordInteractionResponse(DiscordCallbackType.Pong), DiscordJsonContext.Default.DiscordInteractionResponse);

    /// <summary>Shown publicly for a moment in place of a public deferral whose answer turned out private.</summary>
    internal const string PrivateAnswerNote = "Answered privately.";

    /// <summary>How late answers are named in the responder's logs.</summary>
    internal const string LateAnswers = "interaction";

    public Task<DiscordInteractionResult> HandleAsync(ReadOnlyMemory<byte> interactionJson, CancellationToken cancellationToken)
    {
        DiscordInteraction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize(interactionJson.Span, DiscordJsonContext.Default.DiscordInteraction);
        }
        catch (JsonException ex)
        {
            return Task.FromResult(DiscordInteractionResult.Malformed($"The body is not a Discord interaction: {ex.Message}"));
        }

        return interaction is null
            ? Task.FromResult(DiscordInteractionResult.Malformed("The body is not a Discord interaction: expected a JSON object."))
            : HandleAsync(interaction, cancellationToken);
    }

    /// <summary>An interaction that arrived over the Gateway, as its JSON element of the dispatch event.</summary>
    public Task<DiscordInteractionResult> HandleAsync(JsonElement interactionJson, CancellationToken cancellationToken)
    {
        DiscordInteraction? interaction;
        try
        {
            interaction = interactionJson.Deserialize(DiscordJsonContext.Default.DiscordInteraction);
        }
        catch (JsonException ex)
        {
            return Task.FromResult(DiscordInteractionResult.Malformed($"Not a Discord interaction: {ex.Message}"));
        }

        if (interaction is null)
        {
            return Task.FromResult(DiscordInteractionResult.Malformed("Not a Discord interaction: expected a JSON object."));
        }

        interaction.Transport = CommandTransport.Websocket;
        return HandleAsync(interaction, cancellationToken);
    }

    public Task<DiscordInteractionResult> HandleAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        if (interaction.ShapeProblem() is { } problem)
        {
            return Task.FromResult(DiscordInteractionResult.Malformed("Not a Discord interaction: " + problem));
        }

        return interaction.Type switch
        {
            DiscordInteractionType.Ping => Task.FromResult(DiscordInteractionResult.Immediate(PongBody, interaction)),
            DiscordInteractionType.ApplicationCommand => HandleCommandAsync(interaction, cancellationToken),
            DiscordInteractionType.Autocomplete => Task.FromResult(Autocomplete(interaction)),
            DiscordInteractionType.MessageComponent => HandleClickAsync(interaction, cancellationToken),
            _ => Task.FromResult(Immediate(
                interaction,
                Reply.EphemeralText($"I only answer slash commands and my buttons. Try {KnownCommands()}."))),
        };
    }


    private string KnownCommands() => string.Join(", ", engine.Specs.Select(s => $"`/{s.Name}`").Order(StringComparer.Ordinal)) is { Length: > 0 } list ? list : "`/il6`";

    private async Task<DiscordInteractionResult> HandleCommandAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(interaction.Data?.Name))
        {
            return Immediate(interaction, Reply.EphemeralText($"That command came without a name. Try {KnownCommands()}."));
        }

        var request = ToCommandRequest(interaction);

        // The engine keeps running after a deferral, so it must not stop when the HTTP request ends, nor when
        // the host starts stopping (the responder drains late answers).
        var work = RenderAsync(engine.HandleAsync(request, responder.LateAnswerToken));

        // A prepared section is answered synchronously: arming the deferral timer (a linked token source, a
        // timer-queue entry and WhenAny) would cost more than the answer itself.
        if (work.IsCompleted || await responder.CompletesWithinAsync(work, timing.DeferAfter, cancellationToken).ConfigureAwait(false))
        {
            var rendered = await work.ConfigureAwait(false);
            if (rendered.Messages.Count == 1 || !CanFollowUp(interaction))
            {
                return DiscordInteractionResult.Immediate(rendered.CallbackBody, interaction);
            }

            return DiscordInteractionResult.WithBackground(rendered.CallbackBody, interaction, result =>
                RunInBackground(result, request.Command, token => SendFollowUpsAsync(interaction, rendered.Messages.Skip(1), token)));
        }

        // A deferral must choose visibility before the answer exists: moderator commands (and unknown ones)
        // start private, the rest public; CompleteDeferredAsync fixes up a mismatch without leaking.
        var ephemeral = engine.FindSpec(request.Command)?.ModeratorOnly ?? true;
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new DiscordInteractionResponse(
                DiscordCallbackType.DeferredChannelMessageWithSource,
                ephemeral ? new DiscordMessagePayload(null, null, DiscordMessagePayload.EphemeralFlag, null) : null),
            DiscordJsonContext.Default.DiscordInteractionResponse);
        LogDeferred(request.Command, request.Subcommand);
        if (!CanFollowUp(interaction))
        {
            return DiscordInteractionResult.Immediate(body, interaction);
        }

        return DiscordInteractionResult.WithBackground(body, interaction, result =>
            RunInBackground(result, request.Command, async token => await CompleteDeferredAsync(interaction, ephemeral, await work.WaitAsync(token).ConfigureAwait(false), token).ConfigureAwait(false)));
    }

    private static bool CanFollowUp(DiscordInteraction interaction) =>
        !string.IsNullOrEmpty(interaction.ApplicationId) && !string.IsNullOrEmpty(interaction.Token);

    private Task RunInBackground(DiscordInteractionResult result, string command, Func<CancellationToken, Task> work) =>
        responder.FinishLater("/" + command, async token =>
        {
            try
            {
                await result.Acknowledged.WaitAsync(timing.AcknowledgeTimeout, timeProvider, token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogNotAcknowledged();
            }

            await work(token).ConfigureAwait(false);
        });

    private async Task CompleteDeferredAsync(DiscordInteraction interaction, bool deferredEphemeral, RenderedReply rendered, CancellationToken cancellationToken)
    {
        var appId = interaction.ApplicationId!;
        var token = interaction.Token!;
        var messages = rendered.Messages;
        if (rendered.Ephemeral == deferredEphemeral)
        {
            await Rest.EditOriginalResponseAsync(appId, token, messages[0], cancellationToken).ConfigureAwait(false);
            await SendFollowUpsAsync(interaction, messages.Skip(1), cancellationToken).ConfigureAwait(false);
        }
        else if (deferredEphemeral)
        {
            // The "thinking" message is private; a public answer goes out as follow-ups after a short note.
            await Rest.EditOriginalResponseAsync(appId, token, new DiscordMessagePayload("Done, posted below.", null, DiscordMessagePayload.EphemeralFlag, DiscordMessagePayload.NoMentions), cancellationToken).ConfigureAwait(false);
            await SendFollowUpsAsync(interaction, messages, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A public "thinking" message must not be edited into a private answer, and a follow-up sent while
            // the deferral is still open would itself become that edit (Discord: the first follow-up after a
            // type 5 "functions as Edit Original Interaction Response", keeping the deferral's visibility and
            // ignoring the ephemeral flag). So: close the deferral with a note that says nothing, answer in
            // private follow-ups, then remove the note.
            var closed = await Rest.EditOriginalResponseAsync(appId, token, new DiscordMessagePayload(PrivateAnswerNote, null, null, DiscordMessagePayload.NoMentions), cancellationToken).ConfigureAwait(false);
            if (closed.IsSuccess)
            {
                await SendFollowUpsAsync(interaction, messages, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                LogPrivateAnswerDropped(closed.StatusCode);
            }

            await Rest.DeleteOriginalResponseAsync(appId, token, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendFollowUpsAsync(DiscordInteraction interaction, IEnumerable<DiscordMessagePayload> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            var result = await Rest.CreateFollowupAsync(interaction.ApplicationId!, interaction.Token!, message, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                // Later parts without the earlier ones would read as nonsense.
                return;
            }
        }
    }

    private DiscordInteractionResult Autocomplete(DiscordInteraction interaction)
    {
        var focused = FindFocused(interaction.Data?.Options);
        IReadOnlyList<Choice> choices = focused is null || interaction.Data?.Name is not { } command
            ? []
            : engine.Complete(command, focused.Name, OptionText(focused) ?? string.Empty, DiscordLimits.Commands.AutocompleteChoices);
        var discordChoices = choices
            .Select(c => new DiscordChoice(Clip(c.Name), Clip(c.Value)))
            .Where(c => c.Name.Length > 0 && c.Value.Length > 0)
            .DistinctBy(c => c.Value, StringComparer.Ordinal)
            .Take(DiscordLimits.Commands.AutocompleteChoices)
            .ToList();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new DiscordAutocompleteResponse(DiscordCallbackType.AutocompleteResult, new DiscordAutocompleteData(discordChoices)),
            DiscordJsonContext.Default.DiscordAutocompleteResponse);
        return DiscordInteractionResult.Immediate(body, interaction);
    }

    private static string Clip(string text) => text.Length <= DiscordLimits.Commands.ChoiceName ? text : text[..(DiscordLimits.Commands.ChoiceName - 1)] + "…";

    private static DiscordInteractionOption? FindFocused(IReadOnlyList<DiscordInteractionOption>? options)
    {
        foreach (var option in options ?? [])
        {
            if (option.Focused)
            {
                return option;
            }

            if (FindFocused(option.Options) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private DiscordInteractionResult Immediate(DiscordInteraction interaction, Reply reply) =>
        DiscordInteractionResult.Immediate(Render(reply).CallbackBody, interaction);

    private async Task<RenderedReply> RenderAsync(Task<Reply> replyTask) => Render(await replyTask.ConfigureAwait(false));

    /// <summary>A reply fixed by the content uses the bytes rendered at content load; anything else is rendered now.</summary>
    private RenderedReply Render(Reply reply)
    {
        if (renderCache.TryGet(reply, out var prepared))
        {
            return new RenderedReply(prepared.Ephemeral, prepared.CallbackBody, prepared.Messages);
        }

        var messages = DiscordReplyRenderer.Render(reply);
        return new RenderedReply(reply.Ephemeral, DiscordRenderCache.CallbackBody(messages[0]), messages);
    }

    private sealed record RenderedReply(bool Ephemeral, byte[] CallbackBody, IReadOnlyList<DiscordMessagePayload> Messages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord /{Command} {Subcommand}: not answered within the deferral time, deferring")]
    private partial void LogDeferred(LogText command, LogText subcommand);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord interaction: the transport never confirmed the callback; sending follow-ups anyway")]
    private partial void LogNotAcknowledged();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord interaction: closing a public deferral failed (HTTP {Status}); its private answer is not sent, since it would replace the public message")]
    private partial void LogPrivateAnswerDropped(int status);
}
