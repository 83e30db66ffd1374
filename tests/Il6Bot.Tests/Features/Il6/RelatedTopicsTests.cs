using Il6Bot.Features.Il6;
using Il6Bot.Messages.Buttons;

namespace Il6Bot.Tests.Features.Il6;

public sealed class RelatedTopicsTests
{
    private static readonly RelatedTopics Related = new(ArticleFixture.Snapshot);

    [Theory]
    [InlineData("overview", "what")]
    [InlineData("what", "benefits")]
    [InlineData("benefits", "inflammation illness fat-and-muscle how")]
    [InlineData("inflammation", "benefits illness")]
    [InlineData("fat-and-muscle", "benefits how")]
    [InlineData("how", "overview")]
    public void A_section_leads_to_its_parent_its_children_and_the_next_section(string topic, string expected)
    {
        var buttons = Related.For(ArticleFixture.Snapshot.Find(topic)!);

        Assert.Equal(expected.Split(' '), buttons.Select(b => b.Action.Argument));
        Assert.All(buttons, b => Assert.Equal(ButtonKind.Topic, b.Action.Kind));
        Assert.All(buttons, b => Assert.Equal(ArticleFixture.Snapshot.Find(b.Action.Argument)!.Title, b.Label));
    }

    [Fact]
    public void No_section_offers_more_than_one_action_row_or_itself() =>
        Assert.All(ArticleFixture.Snapshot.AllSections, section =>
        {
            var buttons = Related.For(section);
            Assert.InRange(buttons.Count, 1, RelatedTopics.MaxButtons);
            Assert.DoesNotContain(buttons, b => b.Action.Argument == section.Id);
        });

    [Fact]
    public void Public_answers_carry_the_related_topics_and_private_ones_add_Share() =>
        Assert.All(ArticleFixture.Snapshot.AllSections, section =>
        {
            var shown = ArticleFixture.Prepared.Section(section);
            var privately = ArticleFixture.Prepared.PrivateSection(section);
            Assert.False(shown.Ephemeral);
            Assert.True(privately.Ephemeral);
            Assert.Equal(Related.For(section), shown.Buttons);
            Assert.Equal([.. Related.For(section), new ReplyButton(SectionReplies.ShareLabel, new ButtonAction(ButtonKind.Share, section.Id))], privately.Buttons);
        });
}
