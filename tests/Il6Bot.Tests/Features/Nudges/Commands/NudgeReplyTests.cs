using Il6Bot.Content;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages;
using Il6Bot.Messages.Buttons;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Features.Nudges.Commands;

public sealed class NudgeReplyTests
{
    private static readonly Lazy<ContentSnapshot> RealContent = new(() =>
        ContentLoader.Load(RepoPaths.Content, "content", DateTimeOffset.UnixEpoch));

    [Fact]
    public void Every_real_nudge_posts_its_title_text_and_one_pointer_to_its_topic()
    {
        Assert.All(RealContent.Value.Nudges, nudge =>
        {
            var reply = NudgeReply.From(nudge, "n7");
            var text = PlainText.Render(reply);

            Assert.False(reply.Ephemeral);
            Assert.Equal(nudge.Title, reply.Title);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, $"/il6 {nudge.Topic}\\b"));
        });
    }

    [Fact]
    public void A_nudge_without_its_own_pointer_gets_one_in_the_footer()
    {
        var nudge = new NudgeText("n-x", "Lift", MarkdownMessageParser.Parse("Two to three sessions this week."), "how", new SourceLocation("nudges.md", 1));

        Assert.Equal("Read more: /il6 how", NudgeReply.From(nudge, "n7").Footer);
    }

    [Fact]
    public void Every_real_nudge_carries_one_Read_more_button_for_its_topic_counted_for_its_schedule_and_text() =>
        Assert.All(RealContent.Value.Nudges, nudge =>
        {
            var button = Assert.Single(NudgeReply.From(nudge, "n7").Buttons);
            Assert.Equal(NudgeReply.ReadMoreLabel, button.Label);
            Assert.Equal(new ButtonAction(ButtonKind.NudgeReadMore, $"{nudge.Topic}.{nudge.Id}.n7"), button.Action);
            Assert.Equal($"/il6 {nudge.Topic}", button.Action.Command);
            Assert.NotNull(RealContent.Value.Find(nudge.Topic));
        });

    [Fact]
    public void A_preview_carries_Read_more_for_the_topic_alone_so_its_clicks_count_nowhere()
    {
        var nudge = RealContent.Value.Nudges[0];

        Assert.Equal(new ButtonAction(ButtonKind.ReadMore, nudge.Topic), Assert.Single(NudgeReply.From(nudge, scheduleId: null).Buttons).Action);
    }

    [Fact]
    public void Ids_too_long_for_a_custom_id_keep_the_button_and_lose_only_the_per_schedule_count()
    {
        var topic = new string('t', 64);
        var nudge = new NudgeText(new string('n', 40), "Lift", MarkdownMessageParser.Parse("Lift."), topic, new SourceLocation("nudges.md", 1));

        var button = Assert.Single(NudgeReply.From(nudge, "n12345").Buttons);

        Assert.Equal(new ButtonAction(ButtonKind.ReadMore, topic), button.Action);
        Assert.True(button.Id.Length <= ButtonId.MaxLength);
    }
}
