using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Commands;

/// <summary>
/// One platform-neutral command invocation. Adapters build it from a Discord interaction, a Slack slash
/// command or a console line; the engine never sees anything platform-shaped.
/// </summary>
/// <param name="TenantId">Discord guild id, Slack team id, or "local" for the console.</param>
/// <param name="IsModerator">Decided by the adapter from the platform's own permission data.</param>
/// <param name="Subcommand">For commands with subcommands (e.g. <c>nudge schedule</c>); else null.</param>
/// <param name="Options">Option values by option name, already normalised (channel ids without markup).</param>
/// <param name="RequestId">
/// The platform's id of this one invocation (Discord's interaction id, Slack's trigger_id), or null when it gives
/// none (the console). A copy of the request, replayed or resent, carries the same id, so a handler that changes
/// state does so once per id (see <c>INudgeStore.TryClaimRequestAsync</c>).
/// </param>
public sealed record CommandRequest(
    Platform Platform,
    string TenantId,
    string ChannelId,
    string UserId,
    bool IsModerator,
    string Command,
    string? Subcommand,
    IReadOnlyDictionary<string, string> Options,
    string? RequestId = null)
{
    /// <summary>How the request arrived; labels the command metrics only.</summary>
    public CommandTransport Transport { get; init; }

    /// <summary>
    /// What members call the tenant on this platform, for replies that name it: "server" (Discord and the console)
    /// unless the adapter says otherwise (Slack: "workspace").
    /// </summary>
    public string TenantNoun { get; init; } = DefaultTenantNoun;

    public const string DefaultTenantNoun = "server";

    /// <summary>
    /// The platform delivered this same command before (a copy with the same <see cref="RequestId"/>): answer it
    /// as the first time, but record nothing (no counts, no changes), since the first delivery did. Set by adapters
    /// that answer copies of read-only commands again instead of from a memory of answers.
    /// </summary>
    public bool IsRepeat { get; init; }

    public string? Option(string name) =>
        Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
