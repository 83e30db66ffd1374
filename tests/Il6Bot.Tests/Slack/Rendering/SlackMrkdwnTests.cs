using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Slack.Rendering;

public class SlackMrkdwnTests
{
    [Theory]
    [InlineData("Plain text", "Plain text")]
    [InlineData("Fish & chips, 3 > 2 < 4", "Fish &amp; chips, 3 &gt; 2 &lt; 4")]
    [InlineData("&lt;b&gt; &amp;", "&lt;b&gt; &amp;")]
    [InlineData("**bold** and *italic*", "*bold* and _italic_")]
    [InlineData("see <https://example.org/study>", "see <https://example.org/study>")]
    [InlineData("**bold with *nested* italic**", "*bold with _nested_ italic*")]
    [InlineData("[the study](https://example.org/a?b=1&c=2)", "<https://example.org/a?b=1&amp;c=2|the study>")]
    [InlineData("[**bold** label](https://example.org)", "<https://example.org|bold label>")]
    [InlineData("[a|b](https://example.org/x|y)", "<https://example.org/x%7Cy|a|b>")]
    [InlineData("IL-6 `x<y && z`", "IL-6 `x&lt;y &amp;&amp; z`")]
    [InlineData("- one\n- two & three", "• one\n• two &amp; three")]
    [InlineData("1. first\n2. second", "1. first\n2. second")]
    [InlineData("- outer\n  - inner", "• outer\n    • inner")]
    [InlineData("> quoted *words*\n> more", "> quoted _words_ more")]
    [InlineData("## A heading", "*A heading*")]
    [InlineData("## A **bold** heading", "*A bold heading*")]
    [InlineData("first\n\nsecond", "first\n\nsecond")]
    [InlineData("line one  \nline two", "line one\nline two")]
    [InlineData("```\nif (a < b) {}\n```", "```\nif (a &lt; b) {}\n```")]
    public void Markdown_renders_to_mrkdwn(string markdown, string expected)
    {
        Assert.Equal(expected, SlackMrkdwn.RenderBlocks(MarkdownMessageParser.Parse(markdown).Blocks));
    }

    [Fact]
    public void A_link_labelled_with_its_own_url_renders_bare()
    {
        Assert.Equal("<https://example.org>", SlackMrkdwn.RenderInlines([new LinkInline("https://example.org", [new TextInline("https://example.org")])]));
    }

    [Fact]
    public void Markers_hug_the_text_so_slack_honours_them()
    {
        var inlines = new MessageInline[] { new TextInline("a"), new StrongInline([new TextInline(" b ")]), new TextInline("c") };

        Assert.Equal("a *b* c", SlackMrkdwn.RenderInlines(inlines));
    }

    [Fact]
    public void Timestamps_render_in_each_readers_locale_with_an_escaped_fallback()
    {
        var instant = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
        var inline = new TimestampInline(instant, "Mon 2 Mar 09:00 <Europe/Berlin>");

        Assert.Equal(
            "<!date^1772438400^{date_long_pretty} {time}|Mon 2 Mar 09:00 &lt;Europe/Berlin&gt;>",
            SlackMrkdwn.RenderInlines([inline]));
    }

    [Fact]
    public void Channels_render_as_native_mentions()
    {
        Assert.Equal("Posting in <#C0123ABCD>.", SlackMrkdwn.RenderInlines([new TextInline("Posting in "), new ChannelInline("C0123ABCD"), new TextInline(".")]));
    }
}
