using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Il6Bot.Transports;

/// <summary>
/// The outcome of one call to a platform's API (Discord REST, the Slack Web API, a connection-opening call),
/// after the client's own rate-limit waits and retries. HTTP and network failures are results, never
/// exceptions, so every caller sees every kind of failure and decides what it means.
/// </summary>
/// <param name="Outcome">What can be known about whether the platform did it.</param>
/// <param name="StatusCode">HTTP status, or 0 when no response arrived (network failure, timeout, circuit open).</param>
/// <param name="ErrorCode">The platform's own error code when it answered with one (Discord's JSON <c>code</c>,
/// Slack's <c>error</c>, e.g. <c>50001</c> or <c>not_in_channel</c>); null otherwise.</param>
/// <param name="Problem">A readable description of the failure, for logs and users; never a token or URL.</param>
/// <param name="RetryAfter">How long the platform asked to wait (its <c>Retry-After</c>), when it said.</param>
public record ApiResult(ApiOutcome Outcome, int StatusCode, string? ErrorCode, string? Problem, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Outcome == ApiOutcome.Succeeded;

    /// <summary>What an HTTP status says about whether the platform did it.</summary>
    public static ApiOutcome OutcomeOf(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => ApiOutcome.Succeeded,
        429 => ApiOutcome.RateLimited,
        >= 500 => ApiOutcome.Ambiguous,
        _ => ApiOutcome.Refused,
    };

    /// <summary>
    /// The exceptions a platform call turns into a result: the network, the resilience pipeline's timeout and
    /// circuit breaker, and the HttpClient's own timeout (a cancellation the caller did not ask for).
    /// </summary>
    public static bool IsCallFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static ApiResult<T> Succeeded<T>(int statusCode, T? value)
        where T : class =>
        new(ApiOutcome.Succeeded, statusCode, value, null, null, null);

    /// <summary>The platform answered with a failure: classified by its status unless <paramref name="outcome"/> says otherwise.</summary>
    public static ApiResult<T> Failed<T>(HttpResponseMessage response, string? errorCode, string problem, ApiOutcome? outcome = null, T? value = null)
        where T : class
    {
        var status = (int)response.StatusCode;
        return new ApiResult<T>(outcome ?? OutcomeOf(status), status, value, errorCode, problem, RetryAfterOf(response));
    }

    /// <summary>What a call that got no answer (<paramref name="exception"/>, one <see cref="IsCallFailure"/> accepts) may have done.</summary>
    public static ApiOutcome OutcomeOf(Exception exception) => exception is BrokenCircuitException ? ApiOutcome.NotSent : ApiOutcome.Ambiguous;

    /// <summary>No answer arrived (<paramref name="exception"/> is one <see cref="IsCallFailure"/> accepts).</summary>
    public static ApiResult<T> NotAnswered<T>(Exception exception, string problem)
        where T : class =>
        new ApiResult<T>(OutcomeOf(exception), 0, null, null, problem, null);

    /// <summary>The platform's <c>Retry-After</c>, as a delay.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter?.Delta;
}

/// <inheritdoc cref="ApiResult"/>
/// <param name="Value">The answer's body when the call succeeded and the body could be read; null otherwise (a
/// 2xx whose body is unreadable still succeeded: the platform did it, only the details are lost).</param>
public sealed record ApiResult<T>(ApiOutcome Outcome, int StatusCode, T? Value, string? ErrorCode, string? Problem, TimeSpan? RetryAfter)
    : ApiResult(Outcome, StatusCode, ErrorCode, Problem, RetryAfter)
    where T : class;
