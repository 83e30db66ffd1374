using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Insights;

/// <summary>
/// <c>/insights</c> (moderators, always private): what members read and ask for the last 7 and 30 days, and
/// <c>/insights reset</c>, which clears the tenant's counts only once confirmed: by the button it answers with, or
/// on text-only places (the console) by typing the command the button stands for.
/// </summary>
public sealed partial class InsightsCommandHandler(
    IInsightsStore store,
    InsightsFlusher flusher,
    InsightsResetter resetter,
    IContentStore content,
    TimeProvider time,
    ILogger<InsightsCommandHandler> logger) : ICommandHandler
{
    public const string ConfirmOption = "confirm";

    public const string ConfirmWord = "confirm";

    public const string RefusedText =
        "Only moderators can use `/insights` (Manage Server or Administrator on Discord; listed in `Slack:Moderators` on Slack).";

    /// <summary>The question before a reset; <paramref name="tenantNoun"/> as in <see cref="CommandRequest.TenantNoun"/>.</summary>
    public static string ConfirmText(string tenantNoun) =>
        $"This clears every insights count of this {tenantNoun}: topics read, searches with no good match, nudge posts and Read more clicks, shares. It cannot be undone.";

    public const string ConfirmLabel = "Clear insights";

    private static readonly CommandSpec InsightsSpec = new(
        "insights",
        "What members read and ask, for the last 7 and 30 days (moderators)",
        [],
        [
            new SubcommandSpec("show", "Top topics, unanswered searches, nudge clicks and shares (only to you)", []),
            new SubcommandSpec("reset", "Clear this server's insights, after a confirmation", [
                new OptionSpec(ConfirmOption, "Leave empty to get the confirmation button; text-only places type `confirm`"),
            ]),
        ],
        ModeratorOnly: true,
        DefaultSubcommand: "show");

    public CommandSpec Spec => InsightsSpec;

    public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsModerator)
        {
            LogRefused(request.Platform, request.UserId);
            return Reply.EphemeralText(RefusedText + " Nothing was shown or changed.");
        }

        var tenant = new InsightsTenant(request.Platform, request.TenantId);
        return request.Subcommand?.ToLowerInvariant() switch
        {
            null or "show" => await ShowAsync(tenant, cancellationToken).ConfigureAwait(false),
            "reset" when string.Equals(request.Option(ConfirmOption), ConfirmWord, StringComparison.OrdinalIgnoreCase) =>
                Reply.EphemeralText(InsightsResetter.ClearedText(await resetter.ResetAsync(tenant, cancellationToken).ConfigureAwait(false), request.TenantNoun)),
            "reset" => ConfirmReset(request.TenantNoun),
            _ => Reply.EphemeralText($"Usage: {CommandTextParser.Usage(InsightsSpec)}"),
        };
    }

    /// <summary>Nothing is cleared yet: the answer asks, with the button that does it.</summary>
    public static Reply ConfirmReset(string tenantNoun) =>
        Reply.EphemeralText(ConfirmText(tenantNoun)) with { Buttons = [new ReplyButton(ConfirmLabel, new ButtonAction(ButtonKind.ResetInsights, ""))] };

    private async Task<Reply> ShowAsync(InsightsTenant tenant, CancellationToken cancellationToken)
    {
        // The last seconds' counts too, so what a moderator just did shows at once.
        await flusher.FlushAsync(cancellationToken).ConfigureAwait(false);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var lastWeek = await store.ReadAsync(tenant, today.AddDays(-6), cancellationToken).ConfigureAwait(false);
        var lastMonth = await store.ReadAsync(tenant, today.AddDays(-29), cancellationToken).ConfigureAwait(false);
        return InsightsReport.Build(lastWeek, lastMonth, content.Current?.Nudges ?? []);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused /insights to non-moderator {UserId} on {Platform}")]
    private partial void LogRefused(Platform platform, string userId);
}
