using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Insights;

/// <summary>
/// The confirmation button of <c>/insights reset</c>: it clears the clicker's tenant, and only for a moderator (the
/// button could be clicked by anyone who sees it; the platform says who is clicking, so the check is made again).
/// </summary>
public sealed class ResetInsightsButtonHandler(InsightsResetter resetter) : IButtonHandler
{
    public IReadOnlyCollection<ButtonKind> Kinds { get; } = [ButtonKind.ResetInsights];

    public async Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken)
    {
        var delivery = click.OnPrivateMessage ? ClickDelivery.ReplacePrivateMessage : ClickDelivery.PrivateMessage;
        if (!click.IsModerator)
        {
            return ClickAnswer.Private(InsightsCommandHandler.RefusedText + " Nothing was cleared.");
        }

        try
        {
            var cleared = await resetter.ResetAsync(new InsightsTenant(click.Platform, click.TenantId), cancellationToken).ConfigureAwait(false);
            return new ClickAnswer(Reply.EphemeralText(InsightsResetter.ClearedText(cleared, click.TenantNoun)), delivery);
        }
        catch (StoreUnavailableException)
        {
            return new ClickAnswer(Reply.EphemeralText("The store is unavailable right now, so nothing was cleared. Please try again in a few minutes."), delivery);
        }
    }
}
