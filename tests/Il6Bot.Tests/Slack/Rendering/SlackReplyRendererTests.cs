using System.Globalization;
using System.Text;
using System.Text.Json;
using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;
using Il6Bot.Tests.Features.Il6;

namespace Il6Bot.Tests.Slack.Rendering;

public class SlackReplyRendererTests
{
    private static Reply Body(string markdown, IReadOnlyList<ReplyField>? fields = null, string? title = "Title", string? footer = null) =>
        new(title, MarkdownMessageParser.Parse(markdown), fields ?? [], footer, Ephemeral: false);

    private static List<string> SectionTexts(SlackMessage message) =>
        message.Blocks.OfType<SlackSectionBlock>().Select(b => b.Text.Text).ToList();

    [Fact]
    public void A_long_paragraph_is_split_at_sentence_ends_without_breaking_links_or_markers()
    {
        var markdown = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"Sentence {i} has **bold words & more** and a [link {i}](https://example.org/{i}?a=1&b=2) in it. ");
        }

        var reply = Body(markdown.ToString());
        var sections = SectionTexts(SlackReplyRenderer.Render(reply));

        Assert.True(sections.Count > 3);
        Assert.All(sections, text =>
        {
            Assert.InRange(text.Length, 1, SlackSectionBlock.MaxText);
            Assert.EndsWith("in it.", text, StringComparison.Ordinal);
            Assert.Equal(text.Count(c => c == '<'), text.Count(c => c == '>'));
            Assert.Equal(0, text.Count(c => c == '*') % 2);
        });
        Assert.Equal(SlackMrkdwn.RenderBlocks(reply.Body.Blocks), string.Join(' ', sections));
    }

    [Fact]
    public void One_endless_word_is_cut_between_characters_never_inside_an_escape()
    {
        var reply = Body(string.Concat(Enumerable.Repeat("a&b<c>", 2000)));
        var sections = SectionTexts(SlackReplyRenderer.Render(reply));

        Assert.True(sections.Count > 1);
        Assert.All(sections, text => Assert.InRange(text.Length, 1, SlackSectionBlock.MaxText));
        Assert.Equal(SlackMrkdwn.RenderBlocks(reply.Body.Blocks), string.Concat(sections));
    }

    [Fact]
    public void Small_blocks_share_a_section_and_fields_become_sections_under_a_bold_title()
    {
        var reply = Body(
            "First paragraph.\n\nSecond paragraph.",
            [new ReplyField("Sub & title", MarkdownMessageParser.Parse("Field *text*."))],
            footer: "Other topics: what · how");
        var message = SlackReplyRenderer.Render(reply);

        Assert.Collection(
            message.Blocks,
            b => Assert.Equal("Title", Assert.IsType<SlackHeaderBlock>(b).Text.Text),
            b => Assert.Equal("First paragraph.\n\nSecond paragraph.", Assert.IsType<SlackSectionBlock>(b).Text.Text),
            b => Assert.Equal("*Sub &amp; title*\nField _text_.", Assert.IsType<SlackSectionBlock>(b).Text.Text),
            b => Assert.Equal("Other topics: what · how", Assert.Single(Assert.IsType<SlackContextBlock>(b).Elements).Text));
        Assert.Contains("First paragraph.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_title_is_cut_to_the_header_limit_at_a_word()
    {
        var title = string.Join(' ', Enumerable.Repeat("interleukin", 40));
        var header = Assert.IsType<SlackHeaderBlock>(SlackReplyRenderer.Render(Body("x", title: title)).Blocks[0]);

        Assert.InRange(header.Text.Text.Length, 100, SlackHeaderBlock.MaxText);
        Assert.EndsWith("interleukin…", header.Text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_fifty_blocks_is_refused()
    {
        var fields = Enumerable.Range(0, 60).Select(i => new ReplyField($"F{i}", MarkdownMessageParser.Parse("x"))).ToList();

        Assert.Throws<SlackLimitException>(() => SlackReplyRenderer.Render(Body("x", fields)));
    }

    [Fact]
    public void The_command_response_json_has_response_type_text_and_typed_blocks()
    {
        var json = JsonDocument.Parse(SlackReplyRenderer.ToCommandResponseJson(Reply.EphemeralText("Use `/il6 how` & co."))).RootElement;

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Equal("Use /il6 how &amp; co.", json.GetProperty("text").GetString());
        var block = Assert.Single(json.GetProperty("blocks").EnumerateArray());
        Assert.Equal("section", block.GetProperty("type").GetString());
        Assert.Equal("mrkdwn", block.GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("Use `/il6 how` &amp; co.", block.GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void Every_article_section_is_prepared_within_slack_limits()
    {
        var snapshot = ArticleFixture.Snapshot;
        var prepared = new SlackRenderCache();
        prepared.Warm(ArticleFixture.Replies.Prepare(snapshot));

        foreach (var section in snapshot.AllSections)
        {
            Assert.True(prepared.TryGet(ArticleFixture.Prepared.Section(section), out var bytes));
            var json = JsonDocument.Parse(bytes).RootElement;
            Assert.Equal("in_channel", json.GetProperty("response_type").GetString());
            var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
            Assert.InRange(blocks.Count, 2, SlackMessage.MaxBlocks);
            Assert.Equal("header", blocks[0].GetProperty("type").GetString());
            Assert.Equal(section.Title, blocks[0].GetProperty("text").GetProperty("text").GetString());
            Assert.All(
                blocks.Where(b => b.GetProperty("type").GetString() == "section"),
                b => Assert.InRange(b.GetProperty("text").GetProperty("text").GetString()!.Length, 1, SlackSectionBlock.MaxText));
        }

        Assert.True(prepared.TryGet(ArticleFixture.Prepared.Section(snapshot.Find("benefits")!), out var benefits));
        var benefitSections = JsonDocument.Parse(benefits).RootElement.GetProperty("blocks").EnumerateArray()
            .Count(b => b.GetProperty("type").GetString() == "section" && b.GetProperty("text").GetProperty("text").GetString()!.StartsWith('*'));
        Assert.True(benefitSections >= 3);
    }

    [Fact]
    public void A_section_that_cannot_fit_rejects_the_content_naming_its_location()
    {
        var hugeLink = new LinkInline("https://example.org/" + new string('x', 4000), [new TextInline("source")]);
        var section = new ContentSection(
            "what", "What", [], 2, new MessageDocument([new ParagraphBlock([new TextInline("See "), hugeLink])]), [], new SourceLocation("content/il6.md", 12));
        var snapshot = new ContentSnapshot("IL-6", "Summary", [section], [], DateTimeOffset.UnixEpoch);

        var ex = Assert.Throws<ContentException>(() => new SlackRenderCache().Warm(new Il6Replies().Prepare(snapshot)));

        Assert.Equal(new SourceLocation("content/il6.md", 12), ex.Location);
        Assert.Contains("content/il6.md:12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slack", ex.Message, StringComparison.Ordinal);
    }
}
