using Il6Bot.Features.Insights;

namespace Il6Bot.Tests.Features.Insights;

public sealed class InsightsOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:00.1", true)]
    [InlineData("00:00:00.099", false)]
    [InlineData("00:00:05", true)]
    [InlineData("00:05:00", true)]
    [InlineData("00:00:00", false)]
    [InlineData("-00:00:01", false)]
    [InlineData("01:00:00", false)]
    public void Flush_interval_is_between_a_tenth_of_a_second_and_five_minutes(string interval, bool valid)
    {
        var result = new InsightsOptionsValidator().Validate(null, new InsightsOptions { FlushInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith("Insights:FlushInterval must be between", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
