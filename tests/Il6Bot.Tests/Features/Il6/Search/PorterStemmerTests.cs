using Il6Bot.Features.Il6.Search;

namespace Il6Bot.Tests.Features.Il6.Search;

public class PorterStemmerTests
{
    // Examples from Porter's 1980 paper, each through the whole algorithm, plus the article's own words.
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("rational", "ration")]
    [InlineData("vietnamization", "vietnam")]
    [InlineData("hopefulness", "hope")]
    [InlineData("goodness", "good")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("adjustment", "adjust")]
    [InlineData("adoption", "adopt")]
    [InlineData("controll", "control")]
    [InlineData("workouts", "workout")]
    [InlineData("inflammation", "inflamm")]
    [InlineData("benefits", "benefit")]
    [InlineData("training", "train")]
    [InlineData("is", "is")]
    public void Stems_like_the_reference_implementation(string word, string stem) =>
        Assert.Equal(stem, PorterStemmer.Stem(word));
}
