using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Tests.Features.Nudges.Storage;

public sealed class StoreOutageTests
{
    [Fact]
    public void Only_the_first_failure_starts_an_outage_and_only_the_first_success_after_it_ends_it()
    {
        var outage = new StoreOutage();

        Assert.False(outage.Succeeded());
        Assert.Equal([true, false, false], [outage.Failed(), outage.Failed(), outage.Failed()]);
        Assert.Equal([true, false], [outage.Succeeded(), outage.Succeeded()]);
        Assert.True(outage.Failed());
    }
}
