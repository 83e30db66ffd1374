using System.Buffers;
using System.Globalization;
using System.Text;
using Il6Bot.Discord.Interactions;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Il6Bot.Discord.Http;

public enum DiscordSignatureResult
{
    Valid,

    /// <summary>Not unix seconds, or more than <see cref="DiscordSignatureVerifier.Window"/> from now.</summary>
    StaleTimestamp,

    BadSignature,
}

/// <summary>
/// Checks Discord's Ed25519 signature over <c>X-Signature-Timestamp</c> + raw body, and that the timestamp is
/// within <see cref="Window"/> of now. The public key is imported once; a verification is then allocation-free
/// apart from a pooled buffer.
/// </summary>
public sealed class DiscordSignatureVerifier
{
    /// <summary>
    /// An interaction token's whole life. Nothing legitimate is signed further from now in either direction, and
    /// refusing it bounds how long a replayed request has to be remembered (<see cref="DiscordReplayGuard"/>).
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private const int SignatureBytes = 64;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly PublicKey? _publicKey;
    private readonly TimeProvider _time;

    public DiscordSignatureVerifier(IOptions<DiscordOptions> options, TimeProvider time)
        : this(options.Value.PublicKey, time)
    {
    }

    /// <param name="publicKeyHex">64 hex characters, or null/empty when Discord HTTP interactions are off.</param>
    /// <param name="time">The clock timestamps are checked against (the system's when null).</param>
    public DiscordSignatureVerifier(string? publicKeyHex, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        if (!string.IsNullOrWhiteSpace(publicKeyHex))
        {
            // The options validator has already rejected anything that is not 64 hex characters.
            _publicKey = PublicKey.Import(Algorithm, Convert.FromHexString(publicKeyHex.Trim()), KeyBlobFormat.RawPublicKey);
        }
    }

    public bool IsConfigured => _publicKey is not null;

    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body) =>
        Check(signatureHex, timestamp, body) == DiscordSignatureResult.Valid;

    /// <summary>The timestamp first: a stale one costs no signature verification.</summary>
    public DiscordSignatureResult Check(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Window)
        {
            return DiscordSignatureResult.StaleTimestamp;
        }

        return VerifySignature(signatureHex, timestamp, body) ? DiscordSignatureResult.Valid : DiscordSignatureResult.BadSignature;
    }

    /// <summary>The signature alone, whatever the timestamp says (the RFC 8032 test vectors sign no timestamp).</summary>
    internal bool VerifySignature(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (_publicKey is null || timestamp is null || signatureHex is null || signatureHex.Length != SignatureBytes * 2)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[SignatureBytes];
        if (Convert.FromHexString(signatureHex, signature, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SignatureBytes)
        {
            return false;
        }

        var timestampLength = Encoding.UTF8.GetByteCount(timestamp);
        var buffer = ArrayPool<byte>.Shared.Rent(timestampLength + body.Length);
        try
        {
            var signed = buffer.AsSpan(0, timestampLength + body.Length);
            Encoding.UTF8.GetBytes(timestamp, signed);
            body.CopyTo(signed[timestampLength..]);
            return Algorithm.Verify(_publicKey, signed, signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
