using Il6Bot.Slack.Commands;

namespace Il6Bot.Tests.Slack.Commands;

public class SlackCommandTextTests
{
    [Theory]
    [InlineData("r&amp;d", "r&d")]
    [InlineData("&lt;3 &gt; 2", "<3 > 2")]
    [InlineData("&amp;lt;", "&lt;")]
    [InlineData("&amp;amp;", "&amp;")]
    [InlineData("a & b &quot;c&quot; &", "a & b &quot;c&quot; &")]
    [InlineData("send <#C0123ABCD|general>", "send <#C0123ABCD|general>")]
    [InlineData("", "")]
    public void Slacks_three_escapes_are_undone_once_and_nothing_else(string sent, string typed) =>
        Assert.Equal(typed, SlackCommandText.Unescape(sent));

    [Fact]
    public void Text_without_an_ampersand_is_returned_as_it_is()
    {
        const string text = "how <#C0123ABCD>";

        Assert.Same(text, SlackCommandText.Unescape(text));
    }
}
