using Il6Bot.Content;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Messages;
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
            var reply = NudgeReply.From(nudge);
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

        Assert.Equal("Read more: /il6 how", NudgeReply.From(nudge).Footer);
    }
}
