using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Il6Bot.Transports.Webhooks;
using NSec.Cryptography;

namespace Il6Bot.Bench;

/// <summary>
/// The baseline server, started like the bot (own process, pinned to the same core):
/// <list type="bullet">
/// <item><c>POST /ceiling</c>: a bare Kestrel endpoint answering a constant without reading the body.</item>
/// <item><c>POST /floor/slack</c>: read the raw body, check the timestamp, HMAC-SHA256 v0 verify with a
/// constant-time compare, then fixed bytes — the least any correct Slack endpoint must do.</item>
/// <item><c>POST /floor/discord</c>: read the raw body, Ed25519 verify timestamp+body (NSec), then fixed bytes.</item>
/// <item><c>POST /floor/slack/sized</c>, <c>/floor/discord/sized</c>: the same, answering as many bytes as the bot
/// answers to the request's topic (<see cref="Requests.Topics"/>) instead of 45: the least any correct <c>/il6</c>
/// endpoint must do, since it must send the section.</item>
/// </list>
/// </summary>
public static class CeilingServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        MapBaselines(app, app.Configuration);
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// Maps the ceiling and the floors. Also used by <see cref="BenchBotHost"/> to put them on the bot's own host,
    /// which tells host overhead apart from the <c>/il6</c> path.
    /// </summary>
    public static void MapBaselines(IEndpointRouteBuilder app, IConfiguration config)
    {
        var slackSecret = Encoding.UTF8.GetBytes(config["Slack:SigningSecret"] ?? throw new InvalidOperationException("--Slack:SigningSecret is required"));
        var publicKey = PublicKey.Import(
            SignatureAlgorithm.Ed25519,
            Convert.FromHexString(config["Discord:PublicKey"] ?? throw new InvalidOperationException("--Discord:PublicKey is required")),
            KeyBlobFormat.RawPublicKey);
        var ceiling = Requests.CeilingBody;
        var floor = Requests.FixedFloorBody;

        app.MapPost("/ceiling", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = ceiling.Length;
            return context.Response.Body.WriteAsync(ceiling).AsTask();
        });

        var slackSized = new SizedAnswers("&text="u8.ToArray(), (byte)'&', t => t.SlackAnswerBytes);
        var discordSized = new SizedAnswers("\"value\":\""u8.ToArray(), (byte)'"', t => t.DiscordAnswerBytes);
        app.MapPost("/floor/slack", context => SlackFloorAsync(context, _ => floor));
        app.MapPost("/floor/slack/sized", context => SlackFloorAsync(context, slackSized.For));
        app.MapPost("/floor/discord", context => DiscordFloorAsync(context, _ => floor));
        app.MapPost("/floor/discord/sized", context => DiscordFloorAsync(context, discordSized.For));

        async Task SlackFloorAsync(HttpContext context, Func<byte[], byte[]> answer)
        {
            var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                context.Response.StatusCode = 413;
                return;
            }

            string ts = context.Request.Headers["X-Slack-Request-Timestamp"].ToString();
            string signature = context.Request.Headers["X-Slack-Signature"].ToString();
            if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300
                || !VerifySlack(slackSecret, ts, body, signature))
            {
                context.Response.StatusCode = 401;
                return;
            }

            await WriteFixedAsync(context, answer(body));
        }

        async Task DiscordFloorAsync(HttpContext context, Func<byte[], byte[]> answer)
        {
            var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                context.Response.StatusCode = 413;
                return;
            }

            string ts = context.Request.Headers["X-Signature-Timestamp"].ToString();
            string signatureHex = context.Request.Headers["X-Signature-Ed25519"].ToString();
            if (!VerifyDiscord(publicKey, ts, body, signatureHex))
            {
                context.Response.StatusCode = 401;
                return;
            }

            await WriteFixedAsync(context, answer(body));
        }
    }

    /// <summary>
    /// The answer-sized floors' answers, one for each topic of <see cref="Requests.Topics"/>, found by the topic the
    /// body names after <paramref name="prefix"/>: one search and a few short compares, so this floor does no more
    /// than the 45-byte one beyond sending the bytes.
    /// </summary>
    private sealed class SizedAnswers(byte[] prefix, byte end, Func<BenchTopic, int> size)
    {
        private readonly (byte[] Topic, byte[] Answer)[] _byTopic =
            [.. Requests.Topics.Select(t => (Encoding.ASCII.GetBytes(t.Topic), Requests.PaddedFloorBody(size(t))))];

        /// <summary>A body naming no known topic is the bench's own bug: answered 400, which fails the run.</summary>
        public byte[] For(byte[] body)
        {
            var at = body.AsSpan().IndexOf(prefix);
            var rest = at < 0 ? [] : body.AsSpan(at + prefix.Length);
            var topic = rest.IndexOf(end) is var length and >= 0 ? rest[..length] : rest;
            foreach (var (name, answer) in _byTopic)
            {
                if (topic.SequenceEqual(name))
                {
                    return answer;
                }
            }

            throw new BadHttpRequestException("No known topic in the body", StatusCodes.Status400BadRequest);
        }
    }

    private static Task WriteFixedAsync(HttpContext context, byte[] bytes)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    }

    private static bool VerifySlack(byte[] secret, string ts, byte[] body, string signature)
    {
        if (signature.Length != 3 + 64 || !signature.StartsWith("v0=", StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(3), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        using var hmac = System.Security.Cryptography.IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData("v0:"u8);
        hmac.AppendData(Encoding.ASCII.GetBytes(ts));
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static bool VerifyDiscord(PublicKey key, string ts, byte[] body, string signatureHex)
    {
        if (signatureHex.Length != 128)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[64];
        if (Convert.FromHexString(signatureHex, signature, out _, out var written) != System.Buffers.OperationStatus.Done || written != 64)
        {
            return false;
        }

        var message = new byte[ts.Length + body.Length];
        var n = Encoding.ASCII.GetBytes(ts, message);
        body.CopyTo(message.AsSpan(n));
        return SignatureAlgorithm.Ed25519.Verify(key, message.AsSpan(0, n + body.Length), signature);
    }
}
