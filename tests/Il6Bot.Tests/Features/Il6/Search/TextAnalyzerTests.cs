using Il6Bot.Features.Il6.Search;

namespace Il6Bot.Tests.Features.Il6.Search;

public class TextAnalyzerTests
{
    [Fact]
    public void Words_are_lower_case_with_apostrophes_dropped_and_hyphens_splitting()
    {
        Assert.Equal(
            ["there", "arent", "many", "covid", "19", "hyde", "the", "bad", "one", "sao", "paulo"],
            TextAnalyzer.Words("There aren’t many: Covid-19 (Hyde–the bad one) São Paulo!"));
    }

    [Theory]
    [InlineData("Sa\u0303o Paulo", "sao", "paulo")]
    [InlineData("Mu\u0308ller\u2019s cafe\u0301", "mullers", "cafe")]
    public void Decomposed_accents_fold_like_precomposed_ones_without_splitting_the_word(string decomposed, string first, string second)
    {
        Assert.Equal([first, second], TextAnalyzer.Words(decomposed));
        Assert.Equal(TextAnalyzer.Words(decomposed.Normalize(System.Text.NormalizationForm.FormC)), TextAnalyzer.Words(decomposed));
    }

    [Fact]
    public void Hyphenated_words_also_yield_their_joined_form()
    {
        Assert.Equal(["il6", "covid19"], TextAnalyzer.Compounds("IL-6 and Covid-19."));
    }

    [Theory]
    [InlineData("workouts", "workout")]
    [InlineData("19", "19")]
    [InlineData("il6", "il6")]
    public void Stem_leaves_numbers_and_mixed_words_alone(string word, string expected) =>
        Assert.Equal(expected, TextAnalyzer.Stem(word));
}
