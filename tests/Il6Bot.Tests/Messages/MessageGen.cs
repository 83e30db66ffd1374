using System.Globalization;
using CsCheck;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Messages;

/// <summary>Message documents for property tests: every node type, characters every platform escapes,
/// sentence ends, emoji, and text long enough to need splitting at every platform limit.</summary>
internal static class MessageGen
{
    // No backticks: a raw one in Slack text is markup, which would make "a code span is whole" untestable.
    private static readonly Gen<string> Word = Gen.Frequency(
        (12, Gen.Char.AlphaNumeric.Array[1, 12].Select(chars => new string(chars))),
        (4, Gen.OneOf<string>("IL-6", "end.", "done!", "why?", "so…", "(yes.)", "\"quoted.\"", "1.", "#tag", "-", "💪", "é")),
        (2, Gen.Char["abc*_~|[]<>#-+.!?&"].Array[1, 8].Select(chars => new string(chars))));

    private static readonly Gen<string> Text = Gen.Select(Word.List[1, 120], Gen.Frequency((20, Gen.Const(" ")), (1, Gen.Const("\n"))), (words, gap) => string.Join(gap, words));

    private static readonly Gen<MessageInline> Atom = Gen.OneOf<MessageInline>(
        Gen.Select(Word.List[0, 4], Gen.Char.AlphaNumeric.Array[0, 60], (label, path) => (MessageInline)new LinkInline("https://example.org/" + new string(path), [new TextInline(string.Join(' ', label))])),
        Gen.Char["abcdefgh &<>"].Array[1, 40].Select(code => (MessageInline)new CodeInline(new string(code))),
        Gen.Long[0, 4_000_000_000].Select(s => (MessageInline)new TimestampInline(DateTimeOffset.FromUnixTimeSeconds(s), "then <ok> & later")),
        Gen.ULong.Select(id => (MessageInline)new ChannelInline(id.ToString(CultureInfo.InvariantCulture))),
        Gen.Const<MessageInline>(new LineBreakInline()));

    private static readonly Gen<MessageInline> Leaf = Gen.Frequency(
        (6, Text.Select(t => (MessageInline)new TextInline(t))),
        (3, Atom));

    private static readonly Gen<MessageInline> Inline = Gen.Frequency(
        (8, Leaf),
        (1, Leaf.List[1, 5].Select(children => (MessageInline)new StrongInline(children))),
        (1, Gen.Select(Leaf.List[1, 3], Leaf, (children, inner) => (MessageInline)new EmphasisInline([.. children, new StrongInline([inner])]))));

    private static readonly Gen<MessageBlock> Paragraph = Inline.List[1, 10].Select(i => (MessageBlock)new ParagraphBlock(i));

    private static readonly Gen<MessageBlock> Simple = Gen.Frequency(
        (8, Paragraph),
        (1, Inline.List[1, 4].Select(i => (MessageBlock)new HeadingBlock(2, i))),
        (1, Gen.Char["abcdefgh &<>.*_\n"].Array[0, 3000].Select(code => (MessageBlock)new CodeBlock(new string(code)))));

    private static readonly Gen<MessageBlock> Container = Gen.Frequency(
        (6, Simple),
        (2, Gen.Select(Gen.Bool, Simple.List[1, 3].List[1, 12], ListOf)),
        (1, Simple.List[1, 3].Select(blocks => (MessageBlock)new QuoteBlock(blocks))));

    private static readonly Gen<MessageBlock> Block = Gen.Frequency(
        (6, Container),
        (1, Gen.Select(Gen.Bool, Container.List[1, 2].List[1, 4], ListOf)),
        (1, Container.List[1, 2].Select(blocks => (MessageBlock)new QuoteBlock(blocks))));

    public static Gen<MessageDocument> Documents { get; } = Block.List[0, 12].Select(blocks => new MessageDocument(blocks));

    /// <summary>Paragraphs of plain text with words up to three chunks long, in and out of lists and quotes.</summary>
    public static Gen<MessageDocument> EndlessWords(int limit)
    {
        var endless = Gen.OneOf<string>("a", "b", "c", "&", "<", ">", ".", "#", "-", "💪").Array[limit / 2, limit * 3].Select(string.Concat);
        var text = Gen.Frequency((3, Word), (1, endless)).List[1, 8].Select(words => (MessageBlock)new ParagraphBlock([new TextInline(string.Join(' ', words))]));
        var block = Gen.Frequency(
            (4, text),
            (1, text.List[1, 3].Select(item => (MessageBlock)new ListBlock(false, [item]))),
            (1, text.List[1, 2].Select(blocks => (MessageBlock)new QuoteBlock(blocks))));
        return block.List[1, 4].Select(blocks => new MessageDocument(blocks));
    }

    private static MessageBlock ListOf(bool ordered, List<List<MessageBlock>> items) =>
        new ListBlock(ordered, items.Select(item => (IReadOnlyList<MessageBlock>)item).ToList());
}
