using System.Diagnostics.Metrics;
using Il6Bot.Observability;

namespace Il6Bot.Tests.Observability;

/// <summary>Instruments for a core object built by hand: on a meter of their own, which no test listens to.</summary>
internal static class TestMetrics
{
    public static Il6BotMetrics New(TimeProvider? time = null) => new(new OwnMeterFactory(), time ?? TimeProvider.System, []);

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
