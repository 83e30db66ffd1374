using Il6Bot.LocalConsole;
using Il6Bot.Messages;
using Il6Bot.Tests.Features.Il6;

namespace Il6Bot.Tests.LocalConsole;

public sealed class ConsoleReplyTextTests
{
    [Fact]
    public void Buttons_are_shown_as_the_commands_they_stand_for()
    {
        var reply = ArticleFixture.Prepared.PrivateSection(ArticleFixture.Snapshot.Find("fat-and-muscle")!);

        var lines = ConsoleReplyText.Render(reply).Split('\n');

        Assert.Equal(
            [
                "[What Are the Benefits of Exercise-Induced Interleukin-6?] \u2192 /il6 benefits",
                "[How Can You Reap the Rewards of Interleukin-6?] \u2192 /il6 how",
                "[Share in channel] \u2192 /il6 fat-and-muscle (shared in the channel)",
            ],
            lines[^3..]);
    }

    [Fact]
    public void A_reply_without_buttons_is_its_plain_text() =>
        Assert.Equal(Il6Bot.Messages.PlainText.Render(ArticleFixture.Prepared.Usage), ConsoleReplyText.Render(ArticleFixture.Prepared.Usage));

    [Fact]
    public void A_nudge_that_pings_shows_whom_on_its_first_line()
    {
        var nudge = Reply.PublicText("Time to lift.");

        Assert.Equal("@here\nTime to lift.", ConsoleReplyText.Render(nudge with { Mention = MentionTarget.Here }));
        Assert.Equal("@Runners\nTime to lift.", ConsoleReplyText.Render(nudge with { Mention = MentionTarget.Group("Runners") }));
    }
}
