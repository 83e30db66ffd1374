using System.Text.RegularExpressions;
using CsCheck;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Slack.Rendering;

public partial class SlackRenderingPropertyTests
{
    // Mostly letters and spaces, with every character that needs escaping or could look like markup.
    private static readonly Gen<char> Chars = Gen.Frequency(
        (20, Gen.Char['a', 'z']),
        (6, Gen.Const(' ')),
        (1, Gen.Char["&<>*_`|.!?é\n"]));

    private static readonly Gen<string> Words = Gen.Frequency((30, Gen.String[Chars, 0, 40]), (1, Gen.String[Chars, 0, 4000]));

    private static readonly Gen<MessageInline> Leaf = Gen.Frequency(
        (12, Words.Select(t => (MessageInline)new TextInline(t))),
        (1, Gen.String[Gen.Char['a', 'z'], 0, 80].Select(u => (MessageInline)new LinkInline("https://example.org/" + u + "?a=1&b=2", [new TextInline(u)]))),
        (1, Gen.String[Chars, 0, 60].Select(c => (MessageInline)new CodeInline(c))),
        (1, Gen.Const((MessageInline)new LineBreakInline())),
        (1, Gen.Long[0, 4_000_000_000].Select(s => (MessageInline)new TimestampInline(DateTimeOffset.FromUnixTimeSeconds(s), "then <ok>"))),
        (1, Gen.Const((MessageInline)new ChannelInline("C0123ABCD"))));

    private static readonly Gen<MessageInline> Inline = Gen.Frequency(
        (6, Leaf),
        (1, Leaf.List[1, 6].Select(children => (MessageInline)new StrongInline(children))),
        (1, Leaf.List[1, 6].Select(children => (MessageInline)new EmphasisInline(children))));

    private static readonly Gen<List<MessageInline>> Inlines = Inline.List[1, 12];

    private static readonly Gen<MessageBlock> Simple = Gen.Frequency(
        (8, Inlines.Select(i => (MessageBlock)new ParagraphBlock(i))),
        (1, Inlines.Select(i => (MessageBlock)new HeadingBlock(2, i))),
        (1, Gen.String[Chars, 0, 3500].Select(c => (MessageBlock)new CodeBlock(c))));

    private static readonly Gen<MessageBlock> Block = Gen.Frequency(
        (6, Simple),
        (1, Simple.List[1, 3].List[1, 4].Select((Gen.Bool), (items, ordered) => (MessageBlock)new ListBlock(ordered, items.Select(i => (IReadOnlyList<MessageBlock>)i).ToList()))),
        (1, Simple.List[1, 3].Select(blocks => (MessageBlock)new QuoteBlock(blocks))));

    private static readonly Gen<MessageDocument> Document = Block.List[0, 4].Select(b => new MessageDocument(b));

    private static readonly Gen<Reply> Replies = Gen.Select(
            Gen.String[Chars, 0, 300].Null(),
            Document,
            Gen.Select(Gen.String[Chars, 0, 200], Document, (t, d) => new ReplyField(t, d)).List[0, 4],
            Gen.String[Chars, 0, 4000].Null(),
            Gen.Bool,
            (title, body, fields, footer, ephemeral) => new Reply(title, body, fields, footer, ephemeral))
        .Where(r => RenderedSize(r) < 50_000);

    [Fact]
    public void Any_reply_renders_within_every_block_kit_limit()
    {
        Replies.Sample(reply =>
        {
            var message = SlackReplyRenderer.Render(reply);

            Assert.InRange(message.Blocks.Count, 0, SlackMessage.MaxBlocks);
            Assert.False(string.IsNullOrWhiteSpace(message.Text));
            Assert.InRange(message.Text.Length, 1, SlackMessage.MaxFallbackText);
            foreach (var block in message.Blocks)
            {
                switch (block)
                {
                    case SlackHeaderBlock header:
                        Assert.InRange(header.Text.Text.Length, 1, SlackHeaderBlock.MaxText);
                        Assert.Equal("plain_text", header.Text.Type);
                        break;
                    case SlackSectionBlock section:
                        Assert.InRange(section.Text.Text.Length, 1, SlackSectionBlock.MaxText);
                        AssertWellFormed(section.Text.Text);
                        break;
                    case SlackContextBlock context:
                        Assert.All(context.Elements, e => Assert.InRange(e.Text.Length, 1, SlackContextBlock.MaxText));
                        break;
                }
            }
        }, iter: 300);
    }

    // Every raw '&' starts an entity and every '<' closes: nothing was cut through an escape or a link.
    // Quote markers are the only other raw '>' and are removed first.
    private static void AssertWellFormed(string mrkdwn)
    {
        Assert.DoesNotMatch(BrokenEntity(), mrkdwn);
        mrkdwn = QuoteMarkers().Replace(mrkdwn, string.Empty);
        Assert.True(mrkdwn.Count(c => c == '<') == mrkdwn.Count(c => c == '>'), "Unbalanced angles in: " + System.Text.Json.JsonSerializer.Serialize(mrkdwn));
        Assert.Matches(BalancedAngles(), mrkdwn);
    }

    private static int RenderedSize(Reply reply) =>
        SlackMrkdwn.RenderBlocks(reply.Body.Blocks).Length + reply.Fields.Sum(f => SlackMrkdwn.RenderBlocks(f.Body.Blocks).Length + 300);

    [GeneratedRegex("^([ ]+|> ?|• |[0-9]+\\. )+", RegexOptions.Multiline)]
    private static partial Regex QuoteMarkers();

    [GeneratedRegex("&(?!amp;|lt;|gt;)")]
    private static partial Regex BrokenEntity();

    [GeneratedRegex("^[^<>]*(<[^<>]*>[^<>]*)*$", RegexOptions.Singleline)]
    private static partial Regex BalancedAngles();
}
