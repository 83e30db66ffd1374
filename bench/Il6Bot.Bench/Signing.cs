using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Il6Bot.Bench;

/// <summary>
/// The bench's own credentials: a fresh Ed25519 key pair (Discord) and a random signing secret (Slack) per run.
/// The load generator signs with them; the bot and the floor server verify with the public halves.
/// </summary>
public sealed class BenchKeys : IDisposable
{
    private readonly Key _discordKey;

    public BenchKeys()
    {
        _discordKey = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        DiscordPublicKeyHex = Convert.ToHexStringLower(_discordKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        SlackSigningSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public BenchKeys(string discordPrivateSeedHex, string slackSigningSecret)
    {
        _discordKey = Key.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(discordPrivateSeedHex), KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        DiscordPublicKeyHex = Convert.ToHexStringLower(_discordKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        SlackSigningSecret = slackSigningSecret;
    }

    public string DiscordPublicKeyHex { get; }

    public string DiscordPrivateSeedHex => Convert.ToHexStringLower(_discordKey.Export(KeyBlobFormat.RawPrivateKey));

    public string SlackSigningSecret { get; }

    /// <summary>Hex Ed25519 signature over timestamp + body, as Discord sends in X-Signature-Ed25519.</summary>
    public string SignDiscord(string timestamp, byte[] body)
    {
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var n = Encoding.UTF8.GetBytes(timestamp, message);
        body.CopyTo(message, n);
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(_discordKey, message));
    }

    /// <summary><c>v0=</c> + hex HMAC-SHA256 of <c>v0:{ts}:{body}</c>, as Slack sends in X-Slack-Signature.</summary>
    public string SignSlack(string timestamp, byte[] body) => SignSlack(SlackSigningSecret, timestamp, body);

    public static string SignSlack(string secret, string timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    public void Dispose() => _discordKey.Dispose();
}
