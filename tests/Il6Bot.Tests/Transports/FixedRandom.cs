namespace Il6Bot.Tests.Transports;

/// <summary>A "random" source that always draws the same value, so jittered delays are exact in tests.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
