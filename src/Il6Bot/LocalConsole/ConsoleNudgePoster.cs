using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.LocalConsole;

/// <summary>Local mode: nudges are printed to the console instead of posted.</summary>
public sealed class ConsoleNudgePoster(ConsoleIO io, TimeProvider timeProvider) : INudgePoster
{
    public Platform Platform => Platform.Console;

    /// <summary>Printed lines can be neither looked up nor taken back, so a print interrupted by a crash stays unknown.</summary>
    public DeliveryGuarantees Guarantees => DeliveryGuarantees.None;

    public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        io.WriteBlock($"[nudge to #{channelId}]\n{PlainText.Render(message)}");
        return Task.FromResult(PostResult.Posted($"console-{timeProvider.GetUtcNow().ToUnixTimeMilliseconds()}"));
    }

    public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(ChannelCheck.Ok);

    /// <summary>Never asked (see <see cref="Guarantees"/>).</summary>
    public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(LookupResult.Unknown);
}
