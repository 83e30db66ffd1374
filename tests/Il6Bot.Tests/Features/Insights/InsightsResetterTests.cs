using Il6Bot.Commands;
using Il6Bot.Features.Insights;

namespace Il6Bot.Tests.Features.Insights;

/// <summary>What a reset answers: how many stored daily counts of each kind it removed, each in correct English.</summary>
public sealed class InsightsResetterTests
{
    [Theory]
    [InlineData(1, 0, "1 daily count of topics read", "and 0 daily counts of searches")]
    [InlineData(0, 1, "0 daily counts of topics read", "and 1 daily count of searches")]
    [InlineData(3, 2, "3 daily counts of topics read", "and 2 daily counts of searches")]
    public void The_answer_counts_each_kind_on_its_own(long counts, long searches, string countsText, string searchesText)
    {
        var text = InsightsResetter.ClearedText(new InsightsCleared(counts, searches), CommandRequest.DefaultTenantNoun);

        Assert.Contains(countsText, text, StringComparison.Ordinal);
        Assert.Contains(searchesText, text, StringComparison.Ordinal);
    }
}
