using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Il6;

public class SectionRepliesTests
{
    private static ContentSnapshot Snapshot => ArticleFixture.Snapshot;

    [Fact]
    public void Benefits_has_its_three_sub_sections_as_fields()
    {
        var reply = SectionReplies.Build(Snapshot, Snapshot.Find("benefits")!);

        Assert.Equal("What Are the Benefits of Exercise-Induced Interleukin-6?", reply.Title);
        Assert.Equal(
            ["Fights inflammation and Chronic Diseases", "Protects from Acute Illness", "Burns Fat and Builds Muscle"],
            reply.Fields.Select(f => f.Title));
        Assert.Contains("cytokine storm", PlainText.Render(reply.Fields[1].Body), StringComparison.Ordinal);
        Assert.StartsWith("This is where strength training comes into the picture.", PlainText.Render(reply.Body), StringComparison.Ordinal);
        Assert.Equal("benefits", reply.SectionId);
        Assert.False(reply.Ephemeral);
    }

    [Fact]
    public void Footer_names_the_other_top_level_topics()
    {
        Assert.Equal("Other topics: overview · what · how", SectionReplies.Build(Snapshot, Snapshot.Find("benefits")!).Footer);
        Assert.Equal(
            "Other topics: overview · what · benefits · how",
            SectionReplies.Build(Snapshot, Snapshot.Find("illness")!).Footer);
    }

    [Fact]
    public void A_leaf_section_has_no_fields()
    {
        var reply = SectionReplies.Build(Snapshot, Snapshot.Find("how")!);

        Assert.Empty(reply.Fields);
        Assert.Contains("two to three workouts a week", PlainText.Render(reply.Body), StringComparison.Ordinal);
    }

    [Fact]
    public void Overview_has_the_title_summary_and_every_topic_with_its_title()
    {
        var reply = SectionReplies.Overview(Snapshot);
        var text = PlainText.Render(reply.Body);

        Assert.Equal("What is Interleukin-6 and How Can It Improve Your Health?", reply.Title);
        Assert.StartsWith(Snapshot.Summary, text, StringComparison.Ordinal);
        foreach (var section in Snapshot.AllSections)
        {
            Assert.Contains($"{section.Id} — {section.Title}", text, StringComparison.Ordinal);
        }

        Assert.False(reply.Ephemeral);
        Assert.Null(reply.SectionId);
    }
}
