namespace Il6Bot.Discord.Rest;

/// <summary>The outcome of one REST call after rate limiting and retries: never an exception for an HTTP
/// or network failure, so callers decide what a failure means.</summary>
/// <param name="StatusCode">HTTP status, or 0 when no response arrived (network failure, timeout).</param>
/// <param name="Error">Discord's JSON error body, when there was one.</param>
/// <param name="Problem">A readable description of the failure, for logs and users; never contains a token.</param>
public record DiscordApiResult(int StatusCode, DiscordError? Error, string? Problem)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

public sealed record DiscordApiResult<T>(int StatusCode, T? Value, DiscordError? Error, string? Problem)
    : DiscordApiResult(StatusCode, Error, Problem)
    where T : class;
