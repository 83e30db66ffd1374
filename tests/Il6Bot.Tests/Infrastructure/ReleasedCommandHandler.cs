using Il6Bot.Commands;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>A command that answers "Finally done." only when the test releases it, and notes a cancellation.</summary>
public sealed class ReleasedCommandHandler(string name) : ICommandHandler
{
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Cancelled { get; private set; }

    public CommandSpec Spec { get; } = new(name, "Answers when released.", [], []);

    public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await Release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled = true;
            throw;
        }

        return Reply.PublicText("Finally done.");
    }
}
