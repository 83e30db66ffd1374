using CsCheck;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Messages;

public sealed class TextCutTests
{
    private static readonly Gen<string> Texts = Gen.Frequency(
            (10, Gen.Char['a', 'z'].Select(c => c.ToString())),
            (3, Gen.Const(" ")),
            (3, OneOf("\U0001F4AA", "\U0001F600", "\U0001D11E")))
        .List[0, 300]
        .Select(string.Concat);

    [Fact]
    public void Truncate_never_exceeds_the_limit_never_splits_a_pair_and_keeps_a_prefix()
    {
        Gen.Select(Texts, Gen.Int[1, 120], Gen.Bool).Sample((text, max, atWord) =>
        {
            var cut = TextCut.Truncate(text, max, atWord);

            Assert.InRange(cut.Length, 0, max);
            if (text.Length <= max)
            {
                Assert.Equal(text, cut);
                return;
            }

            Assert.DoesNotMatch(@"[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]", cut);
            Assert.EndsWith(TextCut.Ellipsis, cut, StringComparison.Ordinal);
            Assert.StartsWith(cut[..^TextCut.Ellipsis.Length], text, StringComparison.Ordinal);
        }, iter: 3000);
    }

    [Theory]
    [InlineData("ab\U0001F4AAcd", 2, 2)]
    [InlineData("ab\U0001F4AAcd", 3, 2)]
    [InlineData("ab\U0001F4AAcd", 4, 4)]
    [InlineData("ab", 9, 2)]
    [InlineData("ab", -1, 0)]
    public void SafeIndex_moves_back_out_of_a_surrogate_pair(string text, int index, int expected) =>
        Assert.Equal(expected, TextCut.SafeIndex(text, index));

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
}
