using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Il6Bot.Discord.Rest;

/// <summary>How <see cref="DiscordRestClient"/>'s standard resilience handler retries 5xx and timeouts (429s are
/// <see cref="DiscordRateLimitHandler"/>'s).</summary>
internal static class DiscordRestResilience
{
    /// <summary>Shorter waits than the standard handler's: a nudge or an edit should not sit for long.</summary>
    public static void Configure(HttpStandardResilienceOptions options)
    {
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
    }
}
