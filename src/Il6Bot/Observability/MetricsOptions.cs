namespace Il6Bot.Observability;

/// <summary>
/// <c>Metrics:Enabled</c> (default true): serve <c>GET /metrics</c> in the Prometheus text format. OTLP export is
/// separate and follows the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (see <see cref="OtlpEndpoint"/>).
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Where the scrape endpoint is mapped (the contract's path, not a setting).</summary>
    public const string ScrapePath = "/metrics";

    public bool Enabled { get; set; } = true;
}
