using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Http;

public enum SlackSignatureResult
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    StaleTimestamp,
    BadSignature,
    NotConfigured,
}

/// <summary>
/// Slack's v0 request signing: <c>v0=</c> + hex HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>),
/// compared in constant time, with a five-minute window against replays.
/// </summary>
public sealed class SlackSignatureVerifier(IOptionsMonitor<SlackOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public SlackSignatureResult Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body) =>
        Verify(options.CurrentValue.SigningSecret, timestamp, signature, body, time.GetUtcNow());

    public static SlackSignatureResult Verify(string? secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return SlackSignatureResult.NotConfigured;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SlackSignatureResult.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SlackSignatureResult.BadTimestamp;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Window)
        {
            return SlackSignatureResult.StaleTimestamp;
        }

        Span<byte> expected = stackalloc byte[ExpectedLength];
        Compute(secret, timestamp, body, expected);

        // Both sides as ASCII bytes: a non-ASCII header simply fails to match, in constant time.
        Span<byte> actual = stackalloc byte[ExpectedLength];
        var given = signature.Length == ExpectedLength && Encoding.ASCII.GetBytes(signature, actual) == ExpectedLength
            ? actual
            : [];
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SlackSignatureResult.Valid : SlackSignatureResult.BadSignature;
    }

    /// <summary>The <c>X-Slack-Signature</c> value for a request (tests and benchmarks sign with it).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> signature = stackalloc byte[ExpectedLength];
        Compute(secret, timestamp, body, signature);
        return Encoding.ASCII.GetString(signature);
    }

    private static ReadOnlySpan<byte> Prefix => "v0:"u8;

    // "v0=" + 64 hex digits.
    private const int ExpectedLength = 3 + (2 * 32);

    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        // The signed message is "v0:" + timestamp + ":" + body, assembled in one pooled buffer for a one-shot HMAC.
        var length = Prefix.Length + Encoding.ASCII.GetByteCount(timestamp) + 1 + body.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var message = buffer.AsSpan(0, length);
            Prefix.CopyTo(message);
            var written = Prefix.Length + Encoding.ASCII.GetBytes(timestamp, message[Prefix.Length..]);
            message[written++] = (byte)':';
            body.CopyTo(message[written..]);

            // Slack's secrets are 32 hex characters; an operator's typo of any length must not overflow the stack.
            var keyBytes = Encoding.UTF8.GetByteCount(secret);
            Span<byte> key = keyBytes <= 256 ? stackalloc byte[keyBytes] : new byte[keyBytes];
            Encoding.UTF8.GetBytes(secret, key);
            Span<byte> hash = stackalloc byte[32];
            HMACSHA256.HashData(key, message, hash);

            "v0="u8.CopyTo(destination);
            Convert.TryToHexStringLower(hash, destination[3..], out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
