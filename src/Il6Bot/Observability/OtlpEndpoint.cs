using Microsoft.Extensions.Options;

namespace Il6Bot.Observability;

/// <summary>
/// The standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (an environment variable, so also a configuration key): set,
/// metrics and traces are exported over OTLP, configured further by the exporter's own <c>OTEL_*</c> variables.
/// </summary>
public static class OtlpEndpoint
{
    public const string Key = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether OTLP export is on.</summary>
    /// <exception cref="OptionsValidationException">The value is not an absolute http(s) URL; the message names the
    /// key, not the value (a value in the wrong variable can be a secret).</exception>
    public static bool IsConfigured(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OptionsValidationException(
                Key, typeof(MetricsOptions), [$"{Key} must be an absolute http:// or https:// URL such as http://127.0.0.1:4317."]);
        }

        return true;
    }
}
