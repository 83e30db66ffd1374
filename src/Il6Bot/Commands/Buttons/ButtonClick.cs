using Il6Bot.Messages.Buttons;

namespace Il6Bot.Commands.Buttons;

/// <summary>
/// One platform-neutral button click. Adapters build it from a Discord component interaction, a Slack
/// <c>block_actions</c> payload or a console line; the router never sees anything platform-shaped.
/// </summary>
/// <param name="ButtonId">The clicked button's id as the platform sent it back (see <c>ButtonId</c>).</param>
/// <param name="OnPrivateMessage">The button sits on a message only the clicker sees, so it may be replaced in place.</param>
/// <param name="RequestId">The platform's id of this one click, so a copy of it is answered once.</param>
public sealed record ButtonClick(
    Platform Platform,
    string TenantId,
    string ChannelId,
    string UserId,
    bool IsModerator,
    string ButtonId,
    bool OnPrivateMessage,
    string? RequestId = null)
{
    /// <summary>What members call the tenant on this platform; see <see cref="CommandRequest.TenantNoun"/>.</summary>
    public string TenantNoun { get; init; } = CommandRequest.DefaultTenantNoun;
}
