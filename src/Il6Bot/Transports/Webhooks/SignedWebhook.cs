namespace Il6Bot.Transports.Webhooks;

/// <summary>
/// The shared steps of a signed webhook endpoint: read the raw body with its cap (the signature is verified over
/// exactly these bytes, before anything parses them), and answer rejections as plain text. Each endpoint keeps
/// its own verdicts and parsing in between. Bad input gets a 4xx, never a 5xx.
/// </summary>
internal static class SignedWebhook
{
    /// <returns>The body, or null when the request has already been answered: 400 (the connection could not
    /// deliver it, or Kestrel's own limit) or 413 with <paramref name="tooLarge"/> (over <see cref="RequestBody.MaxBytes"/>).</returns>
    /// <remarks>A ValueTask: when the body is already buffered this completes without allocating.</remarks>
    public static async ValueTask<byte[]?> ReadBodyAsync(HttpContext context, string tooLarge)
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
