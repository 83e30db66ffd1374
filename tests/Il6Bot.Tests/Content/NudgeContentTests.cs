using System.Text.RegularExpressions;
using Il6Bot.Content;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Content;

/// <summary>The real <c>content/nudges.md</c>.</summary>
public sealed partial class NudgeContentTests
{
    private static readonly Lazy<ContentSnapshot> Snapshot = new(() =>
        ContentLoader.Load(RepoPaths.Content, "content", DateTimeOffset.UnixEpoch));

    [Fact]
    public void There_are_at_least_sixteen_nudges() =>
        Assert.True(Snapshot.Value.Nudges.Count >= 16, $"only {Snapshot.Value.Nudges.Count} nudges");

    [Fact]
    public void Each_nudge_is_under_600_characters() =>
        Assert.All(Snapshot.Value.Nudges, n => Assert.True(
            n.Title.Length + PlainText.Render(n.Body).Length < 600,
            $"{n.Id} is too long"));

    [Fact]
    public void Each_nudge_topic_is_an_il6_topic() =>
        Assert.All(Snapshot.Value.Nudges, n => Assert.Equal(n.Topic, Snapshot.Value.Find(n.Topic)?.Id));

    [Fact]
    public void Each_nudge_ends_with_a_pointer_to_its_topic() =>
        Assert.All(Snapshot.Value.Nudges, n => Assert.EndsWith(
            $"Read more: /il6 {n.Topic}",
            PlainText.Render(n.Body),
            StringComparison.Ordinal));

    [Fact]
    public void Nudge_ids_are_unique_slugs_and_titles_are_set()
    {
        var nudges = Snapshot.Value.Nudges;
        Assert.Equal(nudges.Count, nudges.Select(n => n.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(nudges, n => Assert.Matches(SlugPattern(), n.Id));
        Assert.All(nudges, n => Assert.False(string.IsNullOrWhiteSpace(n.Title)));
    }

    [Fact]
    public void Nudges_invent_no_numbers()
    {
        // The article's only training number is "two to three" (spelled out); a digit in a nudge would be a
        // number the article does not give. Digits inside names (IL-6, Covid-19, /il6) are not numbers.
        foreach (var nudge in Snapshot.Value.Nudges)
        {
            var text = Names().Replace(PlainText.Render(nudge.Body), string.Empty);
            Assert.DoesNotMatch(Digit(), text);
        }
    }

    [Fact]
    public void Nudges_cover_the_training_advice_of_the_article()
    {
        var all = string.Join('\n', Snapshot.Value.Nudges.Select(n => PlainText.Render(n.Body)));
        Assert.Contains("two to three strength workouts a week", all, StringComparison.Ordinal);
        Assert.Contains("Progressive overload", all, StringComparison.Ordinal);
        Assert.Contains("resting heart rate", all, StringComparison.Ordinal);
        Assert.Contains("anti-inflammatory", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Nudge_locations_point_at_their_headings()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Content, ContentLoader.NudgesFileName));
        Assert.All(Snapshot.Value.Nudges, n =>
        {
            Assert.Equal("content/nudges.md", n.Source.File);
            Assert.Contains($"{{#{n.Id} ", lines[n.Source.Line - 1], StringComparison.Ordinal);
        });
    }

    [GeneratedRegex("^n-[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"\b(?:IL|interleukin|Covid)-[0-9]+\b|/il6\b", RegexOptions.IgnoreCase)]
    private static partial Regex Names();

    [GeneratedRegex("[0-9]")]
    private static partial Regex Digit();
}
