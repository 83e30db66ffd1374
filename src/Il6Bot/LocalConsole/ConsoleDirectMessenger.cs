using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Messages;

namespace Il6Bot.LocalConsole;

/// <summary>Local mode: a direct message is printed, marked with who it is for, like a console nudge.</summary>
public sealed class ConsoleDirectMessenger(ConsoleIO io) : IDirectMessenger
{
    public Platform Platform => Platform.Console;

    public Task<DirectMessageResult> SendAsync(string tenantId, string userId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        io.WriteBlock($"[direct message to {userId}]\n{ConsoleReplyText.Render(message)}");
        return Task.FromResult(DirectMessageResult.Sent);
    }
}
