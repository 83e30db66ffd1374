using Il6Bot.Commands;
using Il6Bot.Commands.Buttons;
using Il6Bot.Content;
using Il6Bot.Features.Insights;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Features.Il6;

/// <summary>
/// <c>/il6</c>'s buttons: a related topic or a nudge's Read more (counted for its schedule and nudge text) shows that section to the clicker alone, and Share
/// posts it to the channel, attributed. Answers come from the replies prepared at content load, so a click costs what
/// a command does; a topic removed since the button was made gets a polite private note.
/// </summary>
public sealed class Il6ButtonHandler(IContentStore store, Il6Replies replies, InsightsRecorder? insights = null) : IButtonHandler
{
    public const string RemovedText = "That topic has been removed from the article since this button was made. Type `/il6` to see the topics now.";

    public IReadOnlyCollection<ButtonKind> Kinds { get; } = [ButtonKind.Topic, ButtonKind.ReadMore, ButtonKind.NudgeReadMore, ButtonKind.Share];

    public Task<ClickAnswer> HandleAsync(ButtonClick click, ButtonAction action, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(click, action));

    /// <summary>A shared section: the public reply, opened by who shared it (shown, never pinged).</summary>
    public static Reply Shared(Reply section, string userId) => section with
    {
        Body = new MessageDocument([new ParagraphBlock([new TextInline("Shared by "), new UserInline(userId)]), .. section.Body.Blocks]),
    };

    private ClickAnswer Answer(ButtonClick click, ButtonAction action)
    {
        var snapshot = store.Snapshot;
        NudgeReadMoreTarget nudge = default;
        var fromNudge = action.Kind == ButtonKind.NudgeReadMore && NudgeReadMoreTarget.TryParse(action.Argument, out nudge);
        var topic = fromNudge ? nudge.Topic : action.Argument;
        if (snapshot.Find(topic) is not { } section)
        {
            return ClickAnswer.Private(RemovedText);
        }

        insights?.SectionShown(click.Platform, click.TenantId, Metric(action.Kind), section.Id);
        if (fromNudge)
        {
            insights?.NudgeReadMoreClicked(click.Platform, click.TenantId, nudge.ScheduleId, nudge.NudgeId);
        }

        var prepared = replies.For(snapshot);
        return action.Kind switch
        {
            ButtonKind.Share => new ClickAnswer(Shared(prepared.Section(section), click.UserId), ClickDelivery.PublicMessage),

            // Paging through topics inside a private answer replaces it instead of piling up messages.
            ButtonKind.Topic when click.OnPrivateMessage => new ClickAnswer(prepared.PrivateSection(section), ClickDelivery.ReplacePrivateMessage),
            _ => new ClickAnswer(prepared.PrivateSection(section), ClickDelivery.PrivateMessage),
        };
    }

    private static InsightsMetric Metric(ButtonKind kind) => kind switch
    {
        ButtonKind.Share => InsightsMetric.Share,
        ButtonKind.ReadMore or ButtonKind.NudgeReadMore => InsightsMetric.SectionByReadMore,
        _ => InsightsMetric.SectionByButton,
    };
}
