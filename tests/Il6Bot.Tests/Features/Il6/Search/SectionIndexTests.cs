using Il6Bot.Features.Il6.Search;

namespace Il6Bot.Tests.Features.Il6.Search;

public class SectionIndexTests
{
    private static SectionIndex Index => ArticleFixture.Prepared.Index;

    [Theory]
    // typos
    [InlineData("inflamation", "inflammation")]
    [InlineData("covd", "illness")]
    [InlineData("hypertrofy", "fat-and-muscle")]
    [InlineData("benifits", "benefits")]
    [InlineData("muscel", "fat-and-muscle")]
    [InlineData("diabetis", "inflammation")]
    [InlineData("anti inflamatory", "inflammation")]
    [InlineData("strenght training", "how")]
    [InlineData("exercize", "how")]
    [InlineData("wrkout", "how")]
    [InlineData("immune respose", "illness")]
    // multi-word questions
    [InlineData("covid cytokine storm", "illness")]
    [InlineData("burn fat", "fat-and-muscle")]
    [InlineData("fat burning", "fat-and-muscle")]
    [InlineData("lose body fat", "fat-and-muscle")]
    [InlineData("how many workouts a week", "how")]
    [InlineData("how often should I train", "how")]
    [InlineData("jekyll and hyde", "overview")]
    [InlineData("what is interleukin 6", "what")]
    [InlineData("il-6 definition", "what")]
    [InlineData("good and bad IL6", "what")]
    [InlineData("myokine vs cytokine", "what")]
    [InlineData("what are the benefits", "benefits")]
    [InlineData("exercise induced benefits", "benefits")]
    [InlineData("chronic disease", "inflammation")]
    [InlineData("heart rate", "inflammation")]
    [InlineData("cardiovascular health", "inflammation")]
    [InlineData("gas stove", "inflammation")]
    [InlineData("severe covid", "illness")]
    [InlineData("covid19", "illness")]
    [InlineData("immune system", "illness")]
    [InlineData("muscle growth", "fat-and-muscle")]
    [InlineData("muscle hypertrophy", "fat-and-muscle")]
    [InlineData("glycogen", "fat-and-muscle")]
    [InlineData("progressive overload", "how")]
    [InlineData("reap the rewards", "how")]
    [InlineData("weight lifting", "how")]
    [InlineData("tonal programs", "how")]
    // names and details only the body mentions
    [InlineData("stuart phillips", "inflammation")]
    [InlineData("Hamilton Roschel", "illness")]
    [InlineData("fever", "what")]
    [InlineData("ankle", "what")]
    [InlineData("kinesiology", "inflammation")]
    [InlineData("endocrine organ", "illness")]
    [InlineData("carbohydrates", "fat-and-muscle")]
    [InlineData("carbohydrats", "fat-and-muscle")]
    [InlineData("university of geneva", "how")]
    public void Ranks_the_expected_section_first_and_answers_with_it(string query, string expected)
    {
        var result = Index.Search(query);

        Assert.Equal(expected, result.Best?.Section.Id);
        Assert.True(result.IsConfident, $"'{query}' should be a clear match");
    }

    [Theory]
    [InlineData("insullin sensitivty")]
    [InlineData("benefits of il6 for muscle")]
    [InlineData("stregth")]
    [InlineData("helth")]
    public void Close_but_ambiguous_queries_are_not_confident_yet_have_suggestions(string query)
    {
        var result = Index.Search(query);

        Assert.False(result.IsConfident);
        Assert.True(result.Hits.Count >= 2);
    }

    [Fact]
    public void An_ambiguous_typo_suggests_both_sections_that_mention_it()
    {
        var ids = Index.Search("insullin sensitivty").Hits.Select(h => h.Section.Id).Take(2).Order();

        Assert.Equal(["fat-and-muscle", "inflammation"], ids);
    }

    [Theory]
    [InlineData("xyzzy")]
    [InlineData("qwerty foo")]
    [InlineData("the")]
    [InlineData("")]
    [InlineData("  !!! ")]
    public void Unrelated_text_finds_nothing(string query) =>
        Assert.Empty(Index.Search(query).Hits);

    [Fact]
    public void Scores_are_ordered_best_first()
    {
        var scores = Index.Search("muscle inflammation").Hits.Select(h => h.Score).ToList();

        Assert.True(scores.Count > 2);
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public void Empty_partial_completes_to_every_section_in_article_order()
    {
        var ids = Index.Complete(string.Empty, 25).Select(s => s.Id);

        Assert.Equal(["overview", "what", "benefits", "inflammation", "illness", "fat-and-muscle", "how"], ids);
    }

    [Theory]
    [InlineData("infl", "inflammation")]
    [InlineData("cov", "illness")]
    [InlineData("hyp", "fat-and-muscle")]
    [InlineData("b", "benefits")]
    [InlineData("ben", "benefits")]
    [InlineData("jek", "overview")]
    [InlineData("cytokine st", "illness")]
    [InlineData("how", "how")]
    [InlineData("hypertrofy", "fat-and-muscle")]
    public void Partial_words_complete_to_the_topic_they_begin(string partial, string expected) =>
        Assert.Equal(expected, Index.Complete(partial, 25)[0].Id);

    [Fact]
    public void Completion_respects_the_limit()
    {
        Assert.Equal(2, Index.Complete("i", 2).Count);
        Assert.Empty(Index.Complete("i", 0));
    }

    [Fact]
    public void Completion_of_nothing_recognisable_offers_every_topic()
    {
        Assert.Equal(7, Index.Complete("zzzz", 25).Count);
    }

    [Fact]
    public void Only_the_first_words_of_a_very_long_query_count()
    {
        var padding = string.Concat(Enumerable.Repeat("zq ", 30));

        Assert.Equal("illness", Index.Search("covid " + padding).Best?.Section.Id);
        Assert.Empty(Index.Search(padding + "covid").Hits);
    }
}
