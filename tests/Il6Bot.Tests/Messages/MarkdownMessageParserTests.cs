using Il6Bot.Messages;
using Md = Markdig.Syntax;
using MdInlines = Markdig.Syntax.Inlines;

namespace Il6Bot.Tests.Messages;

public sealed class MarkdownMessageParserTests
{
    [Theory]
    [InlineData("<https://example.org/study>", "https://example.org/study", "https://example.org/study")]
    [InlineData("<team@example.org>", "mailto:team@example.org", "team@example.org")]
    public void An_autolink_is_a_link_whose_text_is_what_was_written(string markdown, string url, string text)
    {
        var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(MarkdownMessageParser.Parse(markdown).Blocks));

        Assert.Equal(new LinkInline(url, [new TextInline(text)]), Assert.Single(paragraph.Inlines), LinkComparer.Instance);
    }

    [Fact]
    public void An_inline_the_message_model_has_no_counterpart_for_is_an_error_not_a_silent_gap()
    {
        var document = Markdig.Markdown.Parse("Before after.");
        var paragraph = (Md.ParagraphBlock)document[0];
        paragraph.Inline!.AppendChild(new UnknownInline { Line = 0 });

        var error = Assert.Throws<NotSupportedException>(() => MarkdownMessageParser.FromBlocks(document));

        Assert.Contains(nameof(UnknownInline), error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    private sealed class UnknownInline : MdInlines.LeafInline;

    // Records compare their inline lists by reference; the test means the same link with the same text.
    private sealed class LinkComparer : IEqualityComparer<MessageInline>
    {
        public static readonly LinkComparer Instance = new();

        public bool Equals(MessageInline? x, MessageInline? y) =>
            x is LinkInline a && y is LinkInline b && a.Url == b.Url && a.Inlines.SequenceEqual(b.Inlines);

        public int GetHashCode(MessageInline obj) => 0;
    }
}
