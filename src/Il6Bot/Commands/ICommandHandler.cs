using Il6Bot.Messages;

namespace Il6Bot.Commands;

/// <summary>One command of the engine (e.g. <c>/il6</c>, <c>/nudge</c>).</summary>
public interface ICommandHandler
{
    CommandSpec Spec { get; }

    Task<Messages.Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>Autocomplete for a partly typed option; at most <paramref name="limit"/> choices.</summary>
    IReadOnlyList<Choice> Complete(string option, string partial, int limit) => [];
}

public sealed record Choice(string Name, string Value);
