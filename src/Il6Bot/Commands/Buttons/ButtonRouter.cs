using Il6Bot.Hosting;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Commands.Buttons;

/// <summary>
/// The single entry point for clicks, as <see cref="CommandEngine"/> is for commands: it decodes the stateless
/// button id, routes the action to the feature that owns it, and turns an unknown, damaged or failing button into a
/// helpful private reply, so no adapter ever answers a click with an error.
/// </summary>
public sealed partial class ButtonRouter
{
    public const string NotOursText = "That button isn't one of mine, so nothing happened. Type `/il6` to see the topics.";

    public const string NewerVersionText = "That button comes from a newer Il6Bot than the one that answered. Please click it again in a minute.";

    public const string DamagedText = "That button looks damaged, so nothing happened. Type `/il6` to see the topics.";

    public const string FailedText = "Something went wrong with that button, so nothing was changed. Please try again.";

    private readonly Dictionary<ButtonKind, IButtonHandler> _handlers = [];
    private readonly ILogger<ButtonRouter> _logger;

    public ButtonRouter(IEnumerable<IButtonHandler> handlers, ILogger<ButtonRouter> logger)
    {
        foreach (var handler in handlers)
        {
            foreach (var kind in handler.Kinds)
            {
                _handlers[kind] = handler;
            }
        }

        _logger = logger;
    }

    public async Task<ClickAnswer> HandleAsync(ButtonClick click, CancellationToken cancellationToken)
    {
        var problem = ButtonId.TryDecode(click.ButtonId, out var action);
        if (action is not { } decoded || !_handlers.TryGetValue(decoded.Kind, out var handler))
        {
            LogUndecodable(click.Platform, new LogText(click.ButtonId), problem);
            return ClickAnswer.Private(problem switch
            {
                ButtonIdProblem.NewerVersion => NewerVersionText,
                ButtonIdProblem.Malformed => DamagedText,
                _ => NotOursText,
            });
        }

        try
        {
            return await handler.HandleAsync(click, decoded, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, decoded.Kind, click.Platform);
            return ClickAnswer.Private(FailedText);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Platform} click on button {ButtonId} could not be used: {Problem}")]
    private partial void LogUndecodable(Platform platform, LogText buttonId, ButtonIdProblem problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Platform} {Kind} click failed")]
    private partial void LogFailed(Exception ex, ButtonKind kind, Platform platform);
}
