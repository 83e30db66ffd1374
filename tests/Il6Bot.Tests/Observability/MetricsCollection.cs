namespace Il6Bot.Tests.Observability;

/// <summary>
/// Tests that read metric values run alone. OpenTelemetry listens to meters by name across the process, so a host's
/// <c>/metrics</c> would also count what every other host (and every hand-built core object) running in parallel
/// records on its own <c>Il6Bot</c> meter.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
