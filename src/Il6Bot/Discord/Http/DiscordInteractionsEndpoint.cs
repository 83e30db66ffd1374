using Il6Bot.Discord.Interactions;
using Il6Bot.Transports.Webhooks;

namespace Il6Bot.Discord.Http;

/// <summary>
/// <c>POST /discord/interactions</c>: read raw bytes (413 over the cap), check the timestamp is fresh and verify
/// Ed25519 over timestamp + body (401), and only then parse (400 when malformed). An interaction id already
/// answered gets the same answer again (<see cref="DiscordReplayGuard"/>). Never 5xx for bad input.
/// </summary>
internal static partial class DiscordInteractionsEndpoint
{
    public const string Path = "/discord/interactions";

    /// <summary>
    /// The request delegate for <see cref="Path"/>. Everything it uses is a singleton, taken from the root
    /// provider on first use: touching <c>HttpContext.RequestServices</c> would create (and dispose) a DI
    /// scope on every request for nothing.
    /// </summary>
    public static RequestDelegate Create(IServiceProvider services)
    {
        // Two first requests racing may both build one; they hold the same singletons, so either is fine.
        Dependencies? dependencies = null;
        return context => HandleAsync(context, dependencies ??= new Dependencies(services));
    }

    private static async Task HandleAsync(HttpContext context, Dependencies dependencies)
    {
        var verifier = dependencies.Verifier;
        var cancellationToken = context.RequestAborted;
        if (await SignedWebhook.ReadBodyAsync(context, TooLarge).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        if (!verifier.IsConfigured)
        {
            LogNotConfigured(dependencies.Logger);
            await SignedWebhook.RejectAsync(context, StatusCodes.Status401Unauthorized, "Discord interactions are not configured on this bot (Discord:PublicKey).").ConfigureAwait(false);
            return;
        }

        var signature = context.Request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = context.Request.Headers["X-Signature-Timestamp"].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            await SignedWebhook.RejectAsync(context, StatusCodes.Status401Unauthorized, "Missing X-Signature-Ed25519 or X-Signature-Timestamp.").ConfigureAwait(false);
            return;
        }

        switch (verifier.Check(signature, timestamp, body))
        {
            case DiscordSignatureResult.StaleTimestamp:
                await SignedWebhook.RejectAsync(context, StatusCodes.Status401Unauthorized, StaleTimestamp).ConfigureAwait(false);
                return;
            case DiscordSignatureResult.BadSignature:
                await SignedWebhook.RejectAsync(context, StatusCodes.Status401Unauthorized, "Invalid request signature.").ConfigureAwait(false);
                return;
        }

        var result = await dependencies.Replays.HandleAsync(body, cancellationToken).ConfigureAwait(false);
        if (result.IsMalformed)
        {
            await SignedWebhook.RejectAsync(context, StatusCodes.Status400BadRequest, result.Problem!).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = result.CallbackBody.Length;
        await context.Response.Body.WriteAsync(result.CallbackBody, cancellationToken).ConfigureAwait(false);
        if (!result.BackgroundWork.IsCompleted)
        {
            // Follow-ups wait for Acknowledge, so the callback must be on the wire first. An answer with nothing
            // to follow is flushed by Kestrel when this delegate returns; completing it here would cost an extra
            // flush on every request.
            await context.Response.CompleteAsync().ConfigureAwait(false);
        }

        result.Acknowledge();
    }

    private sealed class Dependencies(IServiceProvider services)
    {
        public DiscordSignatureVerifier Verifier { get; } = services.GetRequiredService<DiscordSignatureVerifier>();

        public DiscordReplayGuard Replays { get; } = services.GetRequiredService<DiscordReplayGuard>();

        public ILogger Logger { get; } = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DiscordInteractionsEndpoint));
    }

    private static readonly string TooLarge = $"Request body over {RequestBody.MaxBytes} bytes.";

    private static readonly string StaleTimestamp =
        $"X-Signature-Timestamp is not unix seconds within {DiscordSignatureVerifier.Window.TotalMinutes:0} minutes of this server's clock.";

    private static int _warned;

    private static void LogNotConfigured(ILogger logger)
    {
        // Once per process: every Discord retry would otherwise repeat the same line.
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogMissingKey(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POST /discord/interactions answered 401: Discord:PublicKey is not set, so no request can be verified")]
    private static partial void LogMissingKey(ILogger logger);
}
