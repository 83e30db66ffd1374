using Il6Bot.Messages.Buttons;

namespace Il6Bot.Commands.Buttons;

/// <summary>What a feature's buttons do (e.g. <c>/il6</c>'s topics and Share), for the kinds it owns.</summary>
public interface IButtonHandler
{
    IReadOnlyCollection<ButtonKind> Kinds { get; }

    Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken);
}
