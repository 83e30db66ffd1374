using System.Buffers;
using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace Il6Bot.Discord;

/// <summary>
/// Checks Discord's Ed25519 signature over <c>X-Signature-Timestamp</c> + raw body. The public key is
/// imported once; a verification is then allocation-free apart from a pooled buffer.
/// </summary>
public sealed class DiscordSignatureVerifier
{
    private const int SignatureBytes = 64;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly PublicKey? _publicKey;

    public DiscordSignatureVerifier(IOptions<DiscordOptions> options)
        : this(options.Value.PublicKey)
    {
    }

    /// <param name="publicKeyHex">64 hex characters, or null/empty when Discord HTTP interactions are off.</param>
    public DiscordSignatureVerifier(string? publicKeyHex)
    {
        if (!string.IsNullOrWhiteSpace(publicKeyHex))
        {
            // The options validator has already rejected anything that is not 64 hex characters.
            _publicKey = PublicKey.Import(Algorithm, Convert.FromHexString(publicKeyHex.Trim()), KeyBlobFormat.RawPublicKey);
        }
    }

    public bool IsConfigured => _publicKey is not null;

    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
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
