using Il6Bot.Features.Il6.Search;

namespace Il6Bot.Tests.Features.Il6.Search;

public class EditDistanceTests
{
    [Theory]
    [InlineData("covid", "covid", 0)]
    [InlineData("covd", "covid", 1)]
    [InlineData("benifits", "benefits", 1)]
    [InlineData("muscel", "muscle", 1)]
    [InlineData("hypertrofy", "hypertrophy", 2)]
    [InlineData("", "abc", 3)]
    [InlineData("ca", "abc", 3)]
    public void Counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Osa(a, b, max: 5));
        Assert.Equal(expected, EditDistance.Osa(b, a, max: 5));
    }

    [Theory]
    [InlineData("inflammation", "fat", 2)]
    [InlineData("strength", "stretch", 1)]
    public void Stops_at_max_plus_one_when_the_words_are_further_apart(string a, string b, int max) =>
        Assert.Equal(max + 1, EditDistance.Osa(a, b, max));
}
