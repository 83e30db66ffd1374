using Il6Bot.Discord.Rendering;
using Il6Bot.Messages;
using Il6Bot.Slack.Rendering;

namespace Il6Bot.Tests.Messages;

/// <summary>What the one chunker produces on each platform, at limits small enough to read.</summary>
public sealed class MessageChunkerGoldenTests
{
    private static readonly string Pair = "\U0001F4AA\U0001F4AA";

    private static readonly Dictionary<string, Golden> Goldens = new Golden[]
    {
        new(
            "blocks that fill the limit exactly share a chunk",
            Parse("Exactly.\n\nTwenty.\n\nNext."),
            17,
            false,
            ["Exactly.\n\nTwenty.", "Next."],
            ["Exactly.\n\nTwenty.", "Next."]),
        new(
            "a paragraph splits after a sentence that fills at least half",
            Parse("First sentence here. Second one is a bit longer than that. Third!"),
            60,
            false,
            ["First sentence here. Second one is a bit longer than that.", "Third!"],
            ["First sentence here. Second one is a bit longer than that.", "Third!"]),
        new(
            "an ellipsis ends a sentence",
            Parse("Wait for it… then it comes. And more words follow here."),
            40,
            false,
            ["Wait for it… then it comes.", "And more words follow here."],
            ["Wait for it… then it comes.", "And more words follow here."]),
        new(
            "a line break ends a piece like a sentence end",
            Parse("Short line one here  \nthen a second line runs on"),
            30,
            false,
            ["Short line one here", "then a second line runs on"],
            ["Short line one here", "then a second line runs on"]),
        new(
            "a sentence end that leaves a chunk less than half full gives way to a word boundary",
            Parse("Hi. Then a lot of words without any sentence end at all in sight"),
            40,
            false,
            ["Hi. Then a lot of words without any", "sentence end at all in sight"],
            ["Hi. Then a lot of words without any", "sentence end at all in sight"]),
        new(
            "styling that spans a cut is closed and reopened",
            Parse("**bold words that run on and on** then plain"),
            20,
            false,
            ["**bold words that**", "**run on and on**", "then plain"],
            ["*bold words that*", "*run on and on*", "then plain"]),
        new(
            "a link that fits is never cut",
            Parse("see [the study](https://example.org/x) now and then"),
            40,
            false,
            ["see [the study](https://example.org/x)", "now and then"],
            ["see <https://example.org/x|the study>", "now and then"]),
        new(
            "a link longer than a chunk is shown as plain text and degrades",
            Parse("[x](https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa) end"),
            30,
            true,
            ["x", "(https://example.org/aaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaa)", "end"],
            ["x", "(https://example.org/aaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaa)", "end"]),
        new(
            "a list splits between items and a long item continues under its marker",
            Parse("- one\n- two is a longer item that has to be split somewhere\n- three"),
            30,
            false,
            ["- one", "- two is a longer item that", "  has to be split somewhere", "- three"],
            ["• one", "• two is a longer item that", "    has to be split somewhere", "• three"]),
        new(
            "a nested list keeps its indentation in every piece",
            Parse("- outer item\n  - inner item that is long enough to split here\n- last"),
            30,
            false,
            ["- outer item", "  - inner item that is long", "    enough to split here", "- last"],
            ["• outer item", "    • inner item that is", "        long enough to split", "        here\n• last"]),
        new(
            "every piece of a quote stays quoted",
            Parse("> first quoted paragraph is long enough\n>\n> second one"),
            30,
            false,
            ["> first quoted paragraph is", "> long enough\n> \n> second one"],
            ["> first quoted paragraph is", "> long enough\n> \n> second one"]),
        new(
            "a code block splits between lines and every piece is fenced",
            Parse("```\nline one\nline two\nline three is long\n```"),
            30,
            false,
            ["```\nline one\nline two\n```", "```\nline three is long\n```"],
            ["```\nline one\nline two\n```", "```\nline three is long\n```"]),
        new(
            "an endless word is cut between characters, never inside an escape",
            Paragraph(string.Concat(Enumerable.Repeat("a&b<c>", 5))),
            20,
            true,
            [@"a&b\<c>a&b\<c>a&b", @"\<c>a&b\<c>a&b\<c\>"],
            ["a&amp;b&lt;c&gt;a", "&amp;b&lt;c&gt;a", "&amp;b&lt;c&gt;a", "&amp;b&lt;c&gt;a", "&amp;b&lt;c&gt;"]),
        new(
            "a cut never separates a surrogate pair",
            Paragraph(string.Concat(Enumerable.Repeat("\U0001F4AA", 7))),
            5,
            true,
            [Pair, Pair, Pair, "\U0001F4AA"],
            [Pair, Pair, Pair, "\U0001F4AA"]),
        new(
            "a flattened sub-heading moves on with its text rather than end a chunk alone",
            Parse("First paragraph here.\n\n**Sub-heading**\n\nIts text follows."),
            40,
            false,
            ["First paragraph here.", "**Sub-heading**\n\nIts text follows."],
            ["First paragraph here.", "*Sub-heading*\n\nIts text follows."]),
        new(
            "a sub-heading too big to go with its text stays where it fits",
            Parse("First paragraph here.\n\n**Sub-heading**\n\nIts text follows, far too long to share one chunk."),
            40,
            false,
            ["First paragraph here.\n\n**Sub-heading**", "Its text follows, far too long to share", "one chunk."],
            ["First paragraph here.\n\n*Sub-heading*", "Its text follows, far too long to share", "one chunk."]),
    }.ToDictionary(golden => golden.Name);

    public static TheoryData<string> Names => [.. Goldens.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_platform_gets_its_golden_chunks(string name)
    {
        var golden = Goldens[name];

        var discord = MessageChunker.Split(DiscordMarkdown.Dialect, golden.Document, golden.Limit);
        var slack = MessageChunker.Split(SlackMrkdwn.Dialect, golden.Document, golden.Limit);

        Assert.Equal(golden.Discord, discord.Chunks);
        Assert.Equal(golden.Slack, slack.Chunks);
        Assert.Equal(golden.Degraded, discord.Degraded);
        Assert.Equal(golden.Degraded, slack.Degraded);
    }

    [Fact]
    public void A_first_line_starts_the_first_chunk_on_a_line_of_its_own()
    {
        var document = Parse("Body text.");

        Assert.Equal(["*Title*\nBody text."], MessageChunker.Split(SlackMrkdwn.Dialect, document, 30, "*Title*").Chunks);
    }

    [Theory]
    [InlineData("Discord")]
    [InlineData("Slack")]
    public void A_code_line_with_no_room_for_a_whole_emoji_still_never_separates_the_pair(string platform)
    {
        MessageDialect dialect = platform == "Discord" ? DiscordMarkdown.Dialect : SlackMrkdwn.Dialect;

        // Nine characters leave a fenced piece room for one code unit, narrower than any emoji.
        var (chunks, degraded) = MessageChunker.Split(dialect, Parse("```\n" + Pair + "\n```"), 9);

        Assert.True(degraded);
        Assert.All(chunks, chunk => Assert.DoesNotMatch(@"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]", chunk));
        Assert.Equal(Pair, string.Concat(string.Concat(chunks).Where(char.IsSurrogate)));
    }

    private static MessageDocument Parse(string markdown) => MarkdownMessageParser.Parse(markdown);

    private static MessageDocument Paragraph(string text) => new([new ParagraphBlock([new TextInline(text)])]);

    private sealed record Golden(string Name, MessageDocument Document, int Limit, bool Degraded, string[] Discord, string[] Slack);
}
