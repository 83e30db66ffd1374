using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// Button clicks (MESSAGE_COMPONENT, type 3): translated into a neutral <see cref="ButtonClick"/> for the
/// <see cref="ButtonRouter"/>, whose answer goes back as a private message (type 4, flag 64), in place of the clicked
/// private message (type 7) or as a public message (type 4). A topic's answer is the bytes prepared at content load.
/// </summary>
public sealed partial class DiscordInteractionHandler
{
    private static readonly byte[] DeferredUpdateBody = JsonSerializer.SerializeToUtf8Bytes(
        new DiscordInteractionResponse(DiscordCallbackType.DeferredUpdateMessage), DiscordJsonContext.Default.DiscordInteractionResponse);

    private static readonly byte[] DeferredPrivateBody = JsonSerializer.SerializeToUtf8Bytes(
        new DiscordInteractionResponse(
            DiscordCallbackType.DeferredChannelMessageWithSource,
            new DiscordMessagePayload(null, null, DiscordMessagePayload.EphemeralFlag, null)),
        DiscordJsonContext.Default.DiscordInteractionResponse);

    /// <summary>How clicks are named in the responder's logs.</summary>
    internal const string LateClicks = "button";

    /// <summary>Builds the neutral click from a component interaction (public for the Gateway's tests).</summary>
    public static ButtonClick ToButtonClick(DiscordInteraction interaction)
    {
        var userId = interaction.Member?.User?.Id ?? interaction.User?.Id ?? string.Empty;
        return new ButtonClick(
            Platform.Discord,
            interaction.GuildId ?? "dm:" + userId,
            interaction.ChannelId ?? string.Empty,
            userId,
            IsModerator(interaction),
            interaction.Data?.CustomId ?? string.Empty,
            ((interaction.Message?.Flags ?? 0) & DiscordMessagePayload.EphemeralFlag) != 0,
            string.IsNullOrEmpty(interaction.Id) ? null : interaction.Id);
    }

    private async Task<DiscordInteractionResult> HandleClickAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        // Nothing is counted here: the router sees every platform's clicks, so counting them belongs there.
        var click = ToButtonClick(interaction);

        // As for commands: the router keeps running after a deferral, past the HTTP request and into shutdown.
        var work = RenderClickAsync(click, buttons.HandleAsync(click, responder.LateAnswerToken));
        if (work.IsCompleted || await responder.CompletesWithinAsync(work, timing.DeferAfter, cancellationToken).ConfigureAwait(false))
        {
            var answer = await work.ConfigureAwait(false);
            if (answer.Reply.Messages.Count == 1 || !CanFollowUp(interaction))
            {
                return DiscordInteractionResult.Immediate(answer.CallbackBody, interaction);
            }

            return DiscordInteractionResult.WithBackground(answer.CallbackBody, interaction, result =>
                RunInBackground(result, LateClicks, token => SendFollowUpsAsync(interaction, answer.Reply.Messages.Skip(1), token)));
        }

        // On a private message the click may page in place, so acknowledge without a new message (type 6) and
        // decide once the answer exists; elsewhere most answers are private, so a private "thinking" (type 5).
        var updating = click.OnPrivateMessage;
        LogDeferredClick(updating);
        var body = updating ? DeferredUpdateBody : DeferredPrivateBody;
        if (!CanFollowUp(interaction))
        {
            return DiscordInteractionResult.Immediate(body, interaction);
        }

        return DiscordInteractionResult.WithBackground(body, interaction, result =>
            RunInBackground(result, LateClicks, async token =>
            {
                var answer = await work.WaitAsync(token).ConfigureAwait(false);
                if (updating)
                {
                    await CompleteDeferredUpdateAsync(interaction, answer, token).ConfigureAwait(false);
                }
                else
                {
                    await CompleteDeferredAsync(interaction, deferredEphemeral: true, answer.Reply, token).ConfigureAwait(false);
                }
            }));
    }

    /// <summary>After a type 6 the clicked message is the original response: a replacement edits it, anything
    /// else is a new message (a follow-up keeps its own visibility here, unlike after a type 5).</summary>
    private async Task CompleteDeferredUpdateAsync(DiscordInteraction interaction, RenderedClick answer, CancellationToken cancellationToken)
    {
        var messages = answer.Reply.Messages;
        if (answer.Delivery == ClickDelivery.ReplacePrivateMessage)
        {
            var edited = await Rest.EditOriginalResponseAsync(interaction.ApplicationId!, interaction.Token!, DiscordRenderCache.AsReplacement(messages[0]), cancellationToken).ConfigureAwait(false);
            if (edited.IsSuccess)
            {
                await SendFollowUpsAsync(interaction, messages.Skip(1), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await SendFollowUpsAsync(interaction, messages, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RenderedClick> RenderClickAsync(ButtonClick click, Task<ClickAnswer> answerTask)
    {
        var answer = await answerTask.ConfigureAwait(false);

        // Only a private message can be replaced in place; the visibility follows the delivery, whatever the reply says.
        var delivery = answer.Delivery == ClickDelivery.ReplacePrivateMessage && !click.OnPrivateMessage ? ClickDelivery.PrivateMessage : answer.Delivery;
        var reply = answer.Reply;
        var ephemeral = delivery != ClickDelivery.PublicMessage;
        if (reply.Ephemeral != ephemeral)
        {
            reply = reply with { Ephemeral = ephemeral };
        }

        if (delivery != ClickDelivery.ReplacePrivateMessage)
        {
            var rendered = Render(reply);
            return new RenderedClick(delivery, rendered, rendered.CallbackBody);
        }

        if (renderCache.TryGet(reply, out var prepared) && prepared.UpdateCallbackBody is { } update)
        {
            return new RenderedClick(delivery, new RenderedReply(prepared.Ephemeral, prepared.CallbackBody, prepared.Messages), update);
        }

        var messages = DiscordReplyRenderer.Render(reply);
        return new RenderedClick(delivery, new RenderedReply(true, DiscordRenderCache.CallbackBody(messages[0]), messages), DiscordRenderCache.UpdateCallbackBody(messages[0]));
    }

    /// <param name="CallbackBody">The immediate answer: type 4, or type 7 for a replacement.</param>
    private sealed record RenderedClick(ClickDelivery Delivery, RenderedReply Reply, byte[] CallbackBody);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord button click: not answered within the deferral time, deferring (in place: {InPlace})")]
    private partial void LogDeferredClick(bool inPlace);
}
