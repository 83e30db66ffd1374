namespace Il6Bot.Transports.Webhooks;

/// <summary>
/// The outermost handler of every request, so no exception reaches Kestrel, which would answer 500 and log the
/// exception's message (possibly quoting the request) with its stack trace on every request. A request the client
/// broke (<see cref="BadHttpRequestException"/>, e.g. an unreadable body) gets its 4xx and a debug line; a client
/// that went away gets nothing; anything else is a bug: answered 500 without details and logged as one error line
/// naming the endpoint, the exception's type and where it was thrown, never its message.
/// </summary>
internal static partial class RequestExceptionBoundary
{
    public static void UseRequestExceptionBoundary(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestExceptionBoundary).FullName!);
        app.Use(next => context => InvokeAsync(context, next, logger));
    }

    private static Task InvokeAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        Task request;
        try
        {
            request = next(context);
        }
        catch (Exception ex)
        {
            request = Task.FromException(ex);
        }

        // Nearly every request has finished by now; only the rest pays for an async frame.
        return request.IsCompletedSuccessfully ? request : AwaitAsync(request, context, logger);
    }

    private static async Task AwaitAsync(Task request, HttpContext context, ILogger logger)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            var endpoint = EndpointName(context);
            LogBadRequest(logger, ex.StatusCode, endpoint);
            await AnswerAsync(context, ex.StatusCode, "Bad request.").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; there is no one to answer.
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, TypeChain(ex), EndpointName(context), Origin(ex));
            await AnswerAsync(context, StatusCodes.Status500InternalServerError, "Internal error.").ConfigureAwait(false);
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, string text)
    {
        if (context.Response.HasStarted)
        {
            // Too late for a status: end the connection so the client cannot take a cut-off answer for a whole one.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        try
        {
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>Type names only (the outer one, then its inner exceptions): messages may quote the request.</summary>
    private static string TypeChain(Exception ex)
    {
        var names = ex.GetType().FullName ?? ex.GetType().Name;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            names += " <- " + (inner.GetType().FullName ?? inner.GetType().Name);
        }

        return names;
    }

    /// <summary>The innermost frames of the stack on one line: enough to find the bug, without a trace per request.</summary>
    private static string Origin(Exception ex)
    {
        var frames = (ex.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("at ", StringComparison.Ordinal))
            .Take(OriginFrames)
            .Select(line => line[3..]);
        return string.Join(" <- ", frames) is { Length: > 0 } origin ? origin : "(no stack trace)";
    }

    private const int OriginFrames = 4;

    /// <summary>The matched route (e.g. <c>HTTP: POST /slack/commands</c>), never the requested path, which is the client's text.</summary>
    private static string EndpointName(HttpContext context) => context.GetEndpoint()?.DisplayName ?? "a request no endpoint matched";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Answered {Status} to {Endpoint}: the request could not be read")]
    private static partial void LogBadRequest(ILogger logger, int status, string endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in {Endpoint}, answered 500; thrown at {Origin}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string endpoint, string origin);
}
