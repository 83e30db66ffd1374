namespace Il6Bot.Transports.Webhooks;

/// <summary>
/// One platform's signed webhook: how it checks that a request is authentic, and what it does with a body that is.
/// <see cref="SignedWebhook"/> runs them in the order that keeps the endpoint safe: read the capped body, verify
/// over exactly those bytes, and only then parse.
/// </summary>
internal interface ISignedWebhookEndpoint
{
    /// <summary>The 413 answer's text.</summary>
    string TooLargeText { get; }

    /// <returns>Null when the request is authentic; otherwise how to refuse it (401 and why).</returns>
    WebhookRejection? Verify(HttpRequest request, byte[] body);

    /// <summary>Parses the verified body (400 when it is malformed) and answers it.</summary>
    Task AnswerAsync(HttpContext context, byte[] body);
}

/// <summary>A plain-text refusal of a webhook request.</summary>
internal readonly record struct WebhookRejection(int Status, string Text);
