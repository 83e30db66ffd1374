using System.Text.RegularExpressions;
using Il6Bot.Content;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Content;

/// <summary>The real <c>content/il6.md</c> against the seed article it was made from.</summary>
public sealed partial class ArticleContentTests
{
    private static readonly string[] Chrome = ["Back to All Stories", "More Science Stories"];

    private static readonly Lazy<ContentSnapshot> Snapshot = new(() =>
        ContentLoader.Load(RepoPaths.Content, "content", DateTimeOffset.UnixEpoch));

    public static TheoryData<string> SeedSentences()
    {
        var data = new TheoryData<string>();
        foreach (var sentence in SplitSeed())
        {
            data.Add(sentence);
        }

        return data;
    }

    [Fact]
    public void Seed_article_splits_into_a_plausible_number_of_sentences()
    {
        // Guards the splitter itself: a broken regex would make the coverage theory vacuous.
        var sentences = SplitSeed();
        Assert.InRange(sentences.Count, 50, 80);
        Assert.Contains("Some researchers have even gone as far as to compare it to the dual nature of Dr. Jekyll and Mr. Hyde.", sentences);
        Assert.Contains("What is Interleukin-6?", sentences);
    }

    [Theory]
    [MemberData(nameof(SeedSentences))]
    public void Every_seed_sentence_is_in_exactly_one_section(string sentence)
    {
        var holders = Snapshot.Value.AllSections
            .Where(s => SectionText(s).Contains(sentence, StringComparison.Ordinal))
            .Select(s => s.Id)
            .ToList();

        Assert.Single(holders);
    }

    [Fact]
    public void Sections_say_nothing_the_article_does_not()
    {
        var seed = SplitSeed().ToHashSet(StringComparer.Ordinal);
        foreach (var section in Snapshot.Value.AllSections)
        {
            foreach (var sentence in Split(SectionText(section)))
            {
                Assert.True(seed.Contains(sentence), $"'{section.Id}' has text not in the article: {sentence}");
            }
        }
    }

    [Fact]
    public void Chrome_is_dropped()
    {
        foreach (var section in Snapshot.Value.AllSections)
        {
            foreach (var chrome in Chrome)
            {
                Assert.DoesNotContain(chrome, SectionText(section), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Topics_are_the_canonical_tree()
    {
        var snapshot = Snapshot.Value;
        Assert.Equal(["overview", "what", "benefits", "how"], snapshot.Topics.Select(t => t.Id));
        Assert.Equal(
            ["overview", "what", "benefits", "inflammation", "illness", "fat-and-muscle", "how"],
            snapshot.AllSections.Select(s => s.Id));
        var benefits = snapshot.Find("benefits")!;
        Assert.Equal(["inflammation", "illness", "fat-and-muscle"], benefits.Children.Select(c => c.Id));
        Assert.All(benefits.Children, c => Assert.Empty(c.Children));
        Assert.All(benefits.Children, c => Assert.Equal(3, c.Level));
    }

    [Fact]
    public void Title_and_summary_come_from_the_first_heading()
    {
        var snapshot = Snapshot.Value;
        Assert.Equal("What is Interleukin-6 and How Can It Improve Your Health?", snapshot.Title);
        Assert.Equal(
            "This secret superhero of strength training can fight chronic inflammation, burn fat, and build muscle.",
            snapshot.Summary);
        Assert.DoesNotContain('\n', snapshot.Summary);
    }

    [Fact]
    public void Headings_keep_the_article_wording()
    {
        var titles = Snapshot.Value.AllSections.ToDictionary(s => s.Id, s => s.Title);
        Assert.Equal("What is Interleukin-6?", titles["what"]);
        Assert.Equal("What Are the Benefits of Exercise-Induced Interleukin-6?", titles["benefits"]);
        Assert.Equal("Fights inflammation and Chronic Diseases", titles["inflammation"]);
        Assert.Equal("Protects from Acute Illness", titles["illness"]);
        Assert.Equal("Burns Fat and Builds Muscle", titles["fat-and-muscle"]);
        Assert.Equal("How Can You Reap the Rewards of Interleukin-6?", titles["how"]);
    }

    [Theory]
    [InlineData("covid", "illness")]
    [InlineData("COVID-19", "illness")]
    [InlineData("sick", "illness")]
    [InlineData("immune", "illness")]
    [InlineData("fat", "fat-and-muscle")]
    [InlineData("Muscle", "fat-and-muscle")]
    [InlineData("hypertrophy", "fat-and-muscle")]
    [InlineData("workout", "how")]
    [InlineData("training", "how")]
    [InlineData("reap", "how")]
    [InlineData("il-6", "what")]
    [InlineData("il6", "what")]
    [InlineData("myokine", "what")]
    [InlineData("cytokine", "what")]
    [InlineData("inflammatory", "inflammation")]
    [InlineData("chronic disease", "inflammation")]
    [InlineData(" Benefits ", "benefits")]
    [InlineData("intro", "overview")]
    [InlineData("fat-and-muscle", "fat-and-muscle")]
    public void Ids_and_aliases_resolve(string key, string expectedId) =>
        Assert.Equal(expectedId, Snapshot.Value.Find(key)?.Id);

    [Fact]
    public void Every_section_has_aliases() =>
        Assert.All(Snapshot.Value.AllSections, s => Assert.True(s.Aliases.Count >= 3, s.Id));

    [Fact]
    public void Overview_keeps_the_caption_as_italics()
    {
        var overview = Snapshot.Value.Find("overview")!;
        var caption = Assert.Single(
            overview.Body.Blocks.OfType<ParagraphBlock>(),
            p => PlainText.Render(p.Inlines).StartsWith("Showing the interleukin-6 protein", StringComparison.Ordinal));
        Assert.IsType<EmphasisInline>(Assert.Single(caption.Inlines));
    }

    [Fact]
    public void The_two_kinds_of_il6_are_a_list()
    {
        var list = Assert.Single(Snapshot.Value.Find("what")!.Body.Blocks.OfType<ListBlock>());
        Assert.False(list.Ordered);
        Assert.Equal(2, list.Items.Count);
    }

    [Fact]
    public void Benefits_has_its_own_lead_in_text()
    {
        var text = PlainText.Render(Snapshot.Value.Find("benefits")!.Body);
        Assert.StartsWith("This is where strength training comes into the picture.", text, StringComparison.Ordinal);
    }

    /// <summary>Title and body of one section only (children are separate sections), one paragraph a line.</summary>
    private static string SectionText(ContentSection section) =>
        string.Join('\n', (section.Title + "\n" + PlainText.Render(section.Body)).Split('\n').Select(Normalise));

    private static List<string> SplitSeed()
    {
        var text = File.ReadAllText(RepoPaths.SeedArticle);
        var lines = text.Split('\n').Where(line => !Chrome.Contains(line.Trim()));
        return [.. Split(string.Join('\n', lines))];
    }

    /// <summary>Sentences, paragraph by paragraph; bullet markers (• in the seed, - in plain text) dropped.</summary>
    private static IEnumerable<string> Split(string text) =>
        text.Split('\n')
            .Select(line => Normalise(line).TrimStart('•', '-', ' '))
            .SelectMany(line => SentenceEnd().Split(line))
            .Select(s => s.Trim())
            .Where(s => s.Length > 0);

    private static string Normalise(string text) => Whitespace().Replace(text.Replace('\u00a0', ' '), " ").Trim();

    // A sentence ends at . ? ! (or one followed by a closing quote) before a capital or an opening quote,
    // except after the honorifics the article uses.
    [GeneratedRegex(@"(?<=[.?!]”?)(?<!\b(?:Dr|Mr)\.)\s+(?=[A-Z“])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
