namespace Il6Bot.Transports.Webhooks;

/// <summary>
/// The steps every signed webhook endpoint shares: read the raw body with its cap (the signature is verified over
/// exactly these bytes, before anything parses them), verify, then let the endpoint parse and answer; rejections are
/// plain text. Bad input gets a 4xx, never a 5xx.
/// </summary>
internal static class SignedWebhook
{
    /// <summary>
    /// Answers <c>POST {path}</c> with <typeparamref name="TEndpoint"/>, a singleton taken from the root provider on first
    /// use: resolving it per request (<c>HttpContext.RequestServices</c>) would build and dispose a DI scope on every
    /// request for nothing.
    /// </summary>
    public static IEndpointRouteBuilder MapSignedWebhook<TEndpoint>(this IEndpointRouteBuilder endpoints, string path)
        where TEndpoint : class, ISignedWebhookEndpoint
    {
        // Two first requests racing may both resolve it; it is a singleton, so they get the same one.
        var services = endpoints.ServiceProvider;
        TEndpoint? endpoint = null;
        endpoints.MapPost(path, context => HandleAsync(context, endpoint ??= services.GetRequiredService<TEndpoint>()));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, ISignedWebhookEndpoint endpoint)
    {
        if (await ReadBodyAsync(context, endpoint.TooLargeText).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        if (endpoint.Verify(context.Request, body) is { } rejection)
        {
            await RejectAsync(context, rejection.Status, rejection.Text).ConfigureAwait(false);
            return;
        }

        await endpoint.AnswerAsync(context, body).ConfigureAwait(false);
    }

    /// <returns>The body, or null when the request has already been answered: 400 (the connection could not
    /// deliver it, or Kestrel's own limit) or 413 with <paramref name="tooLarge"/> (over <see cref="RequestBody.MaxBytes"/>).</returns>
    /// <remarks>A ValueTask: when the body is already buffered this completes without allocating.</remarks>
    private static async ValueTask<byte[]?> ReadBodyAsync(HttpContext context, string tooLarge)
    {
        byte[]? body;
        try
        {
            body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await RejectAsync(context, ex.StatusCode, "Unreadable request body.").ConfigureAwait(false);
            return null;
        }

        if (body is null)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, tooLarge).ConfigureAwait(false);
        }

        return body;
    }

    public static Task RejectAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
