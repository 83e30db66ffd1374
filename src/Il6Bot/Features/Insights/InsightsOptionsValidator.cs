using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Insights;

/// <summary>Start-up validation of the <c>Insights</c> section; each message names the key and what to write.</summary>
public sealed class InsightsOptionsValidator : IValidateOptions<InsightsOptions>
{
    /// <summary>Longer would let a crash lose more than a few minutes of counts.</summary>
    public static readonly TimeSpan MaxFlushInterval = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, InsightsOptions options) =>
        options.FlushInterval < TimeSpan.FromMilliseconds(100) || options.FlushInterval > MaxFlushInterval
            ? ValidateOptionsResult.Fail($"Insights:FlushInterval must be between 00:00:00.1 and {MaxFlushInterval} (was {options.FlushInterval}).")
            : ValidateOptionsResult.Success;
}
