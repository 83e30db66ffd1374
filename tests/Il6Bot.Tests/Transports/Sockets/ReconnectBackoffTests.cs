using Il6Bot.Transports.Sockets;

namespace Il6Bot.Tests.Transports.Sockets;

public sealed class ReconnectBackoffTests
{
    [Theory]
    [InlineData(0.0, new[] { 0.5, 1, 2, 4, 8, 15, 15, 15 })]
    [InlineData(0.5, new[] { 0.75, 1.5, 3, 6, 12, 22.5, 22.5, 22.5 })]
    [InlineData(0.999999, new[] { 1.0, 2, 4, 8, 16, 30, 30, 30 })]
    public void Delays_double_from_one_second_with_half_jitter_and_stop_at_thirty_seconds(double draw, double[] expectedSeconds)
    {
        var backoff = new ReconnectBackoff(new FixedRandom(draw));

        var delays = expectedSeconds.Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal(expectedSeconds, delays, (a, b) => Math.Abs(a - b) < 0.001);
    }

    [Fact]
    public void Every_delay_is_within_its_jitter_band_and_never_above_the_cap()
    {
        var backoff = new ReconnectBackoff(new Random(1234));
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var ceiling = Math.Min(30, Math.Pow(2, Math.Min(attempt, 16)));
            var delay = backoff.Next().TotalSeconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Reset_starts_again_with_a_quick_retry()
    {
        var backoff = new ReconnectBackoff(new FixedRandom(0));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(0.5), backoff.Next());
        Assert.Equal(1, backoff.Attempt);
    }
}
