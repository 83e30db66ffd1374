using System.Text;
using CsCheck;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Messages;

public sealed class EchoedInputTests
{
    private const string Emoji = "\U0001F4AA"; // 💪, two UTF-16 units

    // Letters and spaces, with emoji, lone surrogates, backticks, line breaks and other controls mixed in.
    private static readonly Gen<string> Pieces = Gen.Frequency(
        (20, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (5, Gen.Const(" ")),
        (4, Gen.Const(Emoji)),
        (2, Gen.Const("`")),
        (1, OneOf("\n", "\r", "\t", "\u0000", "\u2028", "\u202E")),
        (1, OneOf("\uD83D", "\uDCAA")));

    private static readonly Gen<string> Inputs = Gen.Frequency(
        (10, Pieces.List[0, 120].Select(string.Concat)),
        (1, Pieces.List[0, 5000].Select(string.Concat)));

    [Fact]
    public void Text_is_a_short_single_line_well_formed_prefix_of_any_input()
    {
        Inputs.Sample(input =>
        {
            var echoed = EchoedInput.Text(input);

            Assert.InRange(echoed.Length, 0, EchoedInput.MaxLength);
            Assert.True(IsWellFormed(echoed), Describe(echoed));
            Assert.DoesNotContain(echoed, c => char.IsControl(c) || c is '\u2028' or '\u2029');
            var kept = echoed.EndsWith(TextCut.Ellipsis, StringComparison.Ordinal) && echoed.Length < Clean(input).Length
                ? echoed[..^TextCut.Ellipsis.Length]
                : echoed;
            Assert.StartsWith(kept, Clean(input), StringComparison.Ordinal);
        }, iter: 2000);
    }

    [Fact]
    public void Short_clean_input_is_quoted_whole()
    {
        Assert.Equal("funday", EchoedInput.Text("funday"));
        Assert.Equal("`funday`", EchoedInput.Code("funday"));
        Assert.Equal($"lift {Emoji} heavy", EchoedInput.Text($"lift {Emoji} heavy"));
    }

    [Theory]
    [InlineData(78)]
    [InlineData(79)]
    [InlineData(80)]
    public void An_emoji_at_the_cut_point_stays_whole_or_goes_whole(int before)
    {
        var input = new string('a', before) + Emoji + new string('b', 200);

        var echoed = EchoedInput.Text(input);

        Assert.True(IsWellFormed(echoed), Describe(echoed));
        Assert.EndsWith(TextCut.Ellipsis, echoed, StringComparison.Ordinal);
        Assert.InRange(echoed.Length, EchoedInput.MaxLength - 2, EchoedInput.MaxLength);
        Assert.DoesNotContain("\uFFFD", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(echoed)), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_parses_back_to_exactly_the_quoted_text_with_no_markup()
    {
        var markup = Gen.Frequency(
            (6, Pieces),
            (4, OneOf("[", "](", ")", "*", "**", "_", "~~", "<", ">", "&amp;", "&#65;", "\\", "{.x}", "#", "!", "|", "https://evil.example", "- ", "1. ", "\"")));
        var inputs = markup.List[0, 60].Select(string.Concat);

        inputs.Sample(input =>
        {
            var markdown = $"Searches: “{EchoedInput.Markdown(input)}” ×1";

            var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(MarkdownMessageParser.Parse(markdown).Blocks));

            Assert.Equal($"Searches: “{EchoedInput.Text(input)}” ×1", Assert.IsType<TextInline>(Assert.Single(paragraph.Inlines)).Text);
        }, iter: 2000);
    }

    [Fact]
    public void Code_parses_back_to_exactly_one_code_span_of_the_quoted_text()
    {
        Inputs.Where(i => EchoedInput.Text(i).Trim().Length > 0).Sample(input =>
        {
            var markdown = $"{EchoedInput.Code(input)} is not a day. Type `mon`.";

            var paragraph = Assert.IsType<ParagraphBlock>(Assert.Single(MarkdownMessageParser.Parse(markdown).Blocks));

            var code = Assert.IsType<CodeInline>(paragraph.Inlines[0]);
            Assert.Equal(EchoedInput.Text(input).Trim(), code.Code);
            Assert.Equal(" is not a day. Type ", Assert.IsType<TextInline>(paragraph.Inlines[1]).Text);
            Assert.Equal("mon", Assert.IsType<CodeInline>(paragraph.Inlines[2]).Code);
        }, iter: 2000);
    }

    [Fact]
    public void Backticks_cannot_close_the_code_span_early()
    {
        var paragraph = (ParagraphBlock)MarkdownMessageParser.Parse($"{EchoedInput.Code("a` [x](https://evil.example) `b")} is not a time.").Blocks[0];

        Assert.Equal("a` [x](https://evil.example) `b", Assert.IsType<CodeInline>(paragraph.Inlines[0]).Code);
        Assert.DoesNotContain(paragraph.Inlines, i => i is LinkInline);
    }

    [Fact]
    public void Il6_search_echo_of_a_long_query_keeps_an_emoji_at_the_cut_whole()
    {
        var query = new string('x', 78) + Emoji + " more words after the cut";

        var reply = Il6HelpReplies.NoMatch(query, []);

        var text = PlainText.Render(reply);
        Assert.True(IsWellFormed(text), Describe(text));
        Assert.Contains(new string('x', 78) + TextCut.Ellipsis, text, StringComparison.Ordinal);
        Assert.DoesNotContain("more words", text, StringComparison.Ordinal);
    }

    private static string Clean(string input)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < input.Length; i++)
        {
            if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                builder.Append(input, i, 2);
                i++;
            }
            else
            {
                builder.Append(char.IsControl(input[i]) || input[i] is '\u2028' or '\u2029' ? ' ' : char.IsSurrogate(input[i]) ? '\uFFFD' : input[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(string text) => string.Join(' ', text.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
}
