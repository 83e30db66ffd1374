using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Discord.Rendering;

public sealed class DiscordMarkdownTests
{
    [Theory]
    [InlineData("plain words", "plain words")]
    [InlineData("a*b_c~d`e|f", @"a\*b\_c\~d\`e\|f")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("[not a link](x)", @"\[not a link\](x)")]
    [InlineData("<@123> and <t:1:F>", @"\<@123> and \<t:1:F>")]
    [InlineData("# not a heading", @"\# not a heading")]
    [InlineData("> not a quote", @"\> not a quote")]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("1. not a list", @"1\. not a list")]
    [InlineData("well-being, 3-4 sets, 2.5 kg", "well-being, 3-4 sets, 2\\.5 kg")]
    public void Plain_text_is_escaped(string text, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Escape(text));

    [Theory]
    [InlineData("**bold**", "**bold**")]
    [InlineData("*italic*", "*italic*")]
    [InlineData("***both***", "***both***")]
    [InlineData("a [link](https://example.org/a_b) here", "a [link](https://example.org/a_b) here")]
    [InlineData("[parens](https://en.wikipedia.org/wiki/IL-6_(protein))", "[parens](https://en.wikipedia.org/wiki/IL-6_%28protein%29)")]
    [InlineData("[*emph* link](https://x.org)", "[*emph* link](https://x.org)")]
    [InlineData("see <https://example.org/a_b>", "see <https://example.org/a_b>")]
    [InlineData("`code_here`", "`code_here`")]
    [InlineData("- one\n- two", "- one\n- two")]
    [InlineData("1. one\n2. two", "1. one\n2. two")]
    [InlineData("> quoted *text*", "> quoted *text*")]
    [InlineData("## Heading", "**Heading**")]
    [InlineData("para one\n\npara two", "para one\n\npara two")]
    [InlineData("```\nx = 1\n```", "```\nx = 1\n```")]
    [InlineData("IL-6 *rises* 100-fold", "IL-6 *rises* 100-fold")]
    public void Markdown_renders_as_Discord_markdown(string markdown, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Render(MarkdownMessageParser.Parse(markdown)));

    // Discord, like CommonMark, ends a code span at the first backtick run as long as its opening one, so the fence
    // must outnumber every run inside; a space pads content that starts or ends with a backtick, and is dropped.
    [Theory]
    [InlineData("`", "`` ` ``")]
    [InlineData("```", "```` ``` ````")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("a``b", "```a``b```")]
    [InlineData("run ```js``` here", "````run ```js``` here````")]
    [InlineData("`quoted`", "`` `quoted` ``")]
    [InlineData("ends with ``", "``` ends with `` ```")]
    public void A_code_span_is_fenced_by_more_backticks_than_any_run_inside_it(string code, string expected) =>
        Assert.Equal(expected, DiscordMarkdown.Render(CodeSpan(code)));

    [Theory]
    [InlineData("`")]
    [InlineData("```")]
    [InlineData("a``b")]
    [InlineData("run ```js``` here")]
    [InlineData("`quoted`")]
    [InlineData("````")]
    public void A_code_span_with_backticks_reads_back_as_the_same_code(string code)
    {
        var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(MarkdownMessageParser.Parse(DiscordMarkdown.Render(CodeSpan(code))).Blocks));

        Assert.Equal(code, Assert.IsType<CodeInline>(Assert.Single(paragraph.Inlines)).Code);
    }

    // A code block ends at the first line that is a fence: no run of three backticks may survive inside it.
    [Theory]
    [InlineData("```")]
    [InlineData("````")]
    [InlineData("``````")]
    [InlineData("a ```` b ````` c\n```js")]
    public void A_backtick_run_inside_a_code_block_never_makes_a_fence(string code)
    {
        var rendered = DiscordMarkdown.Render(new MessageDocument([new CodeBlock(code)]));

        Assert.StartsWith("```\n", rendered, StringComparison.Ordinal);
        Assert.EndsWith("\n```", rendered, StringComparison.Ordinal);
        var inside = rendered[4..^4];
        Assert.DoesNotContain("```", inside, StringComparison.Ordinal);
        Assert.Equal(code, inside.Replace("\u200b", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Timestamps_and_channels_become_native_mentions()
    {
        var document = new MessageDocument([new ParagraphBlock([
            new TextInline("Next: "),
            new TimestampInline(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "Tue 09:00"),
            new TextInline(" in "),
            new ChannelInline("123456789012345678"),
            new TextInline(" and "),
            new ChannelInline("not-an-id"),
        ])]);

        Assert.Equal(@"Next: <t:1700000000:F> in <#123456789012345678> and \#not-an-id", DiscordMarkdown.Render(document));
    }

    [Fact]
    public void A_long_paragraph_splits_at_sentences_and_never_inside_a_link()
    {
        var sentence = "Muscle releases IL-6 during exercise, see [the study](https://example.org/study_about_il6). ";
        var document = MarkdownMessageParser.Parse(string.Concat(Enumerable.Repeat(sentence, 80)));

        var (chunks, degraded) = DiscordMarkdown.RenderChunks(document, 1024);

        Assert.False(degraded);
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.True(c.Length <= 1024);
            Assert.EndsWith("study_about_il6).", c, StringComparison.Ordinal);
            Assert.Equal(CountOf(c, "[the study]("), CountOf(c, "(https://example.org/study_about_il6)"));
        });
    }

    [Fact]
    public void Lists_split_between_items_and_keep_their_markers()
    {
        var items = string.Join("\n", Enumerable.Range(1, 200).Select(i => $"- item number {i} with some words"));
        var (chunks, degraded) = DiscordMarkdown.RenderChunks(MarkdownMessageParser.Parse(items), 1024);

        Assert.False(degraded);
        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.All(c.Split('\n'), line => Assert.StartsWith("- item number ", line, StringComparison.Ordinal)));
    }

    [Fact]
    public void Emphasis_that_spans_a_split_is_closed_and_reopened()
    {
        var words = string.Join(' ', Enumerable.Repeat("word", 400));
        var chunks = DiscordMarkdown.RenderChunks(MarkdownMessageParser.Parse("**" + words + "**"), 500).Chunks;

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.StartsWith("**", c, StringComparison.Ordinal);
            Assert.EndsWith("**", c, StringComparison.Ordinal);
        });
    }

    private static MessageDocument CodeSpan(string code) => new([new ParagraphBlock([new CodeInline(code)])]);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
